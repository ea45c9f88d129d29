package dev.tether.test.assertj;

import dev.tether.test.mariadb.MariaDbNode;
import dev.tether.test.mysql.MySqlNode;
import dev.tether.test.postgres.PostgresNode;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the node that answered: {@code assertThat(node).isReplica()},
 * {@code .isPrimary()}, {@code .isNode(cluster.replica(0))}.
 */
public class AnsweringNodeAssert extends AbstractAssert<AnsweringNodeAssert, AnsweringNode> {

	/**
	 * Creates the assertions.
	 * @param actual the node that answered
	 */
	public AnsweringNodeAssert(AnsweringNode actual) {
		super(actual, AnsweringNodeAssert.class);
	}

	/**
	 * Verifies that a read-only replica answered.
	 * @return this
	 */
	public AnsweringNodeAssert isReplica() {
		isNotNull();
		if (!this.actual.replica()) {
			failWithMessage("Expected the work to run on a replica, but the primary answered: %s", this.actual);
		}
		return this;
	}

	/**
	 * Verifies that the primary answered.
	 * @return this
	 */
	public AnsweringNodeAssert isPrimary() {
		isNotNull();
		if (this.actual.replica()) {
			failWithMessage("Expected the work to run on the primary, but a replica answered: %s", this.actual);
		}
		return this;
	}

	/**
	 * Verifies that the given node of an embedded PostgreSQL cluster answered.
	 * @param node the expected node
	 * @return this
	 */
	public AnsweringNodeAssert isNode(PostgresNode node) {
		isNotNull();
		if (this.actual.port() != node.port()) {
			failWithMessage("Expected %s (port %s) to answer, but %s did", node.name(), node.port(), this.actual);
		}
		return this;
	}

	/**
	 * Verifies that the given node of an embedded MariaDB cluster answered.
	 * @param node the expected node
	 * @return this
	 */
	public AnsweringNodeAssert isNode(MariaDbNode node) {
		isNotNull();
		if (this.actual.serverId() != node.serverId()) {
			failWithMessage("Expected %s (server id %s) to answer, but %s did", node.name(), node.serverId(), this.actual);
		}
		return this;
	}

	/**
	 * Verifies that the given node of an embedded MySQL cluster answered.
	 * @param node the expected node
	 * @return this
	 */
	public AnsweringNodeAssert isNode(MySqlNode node) {
		isNotNull();
		if (this.actual.serverId() != node.serverId()) {
			failWithMessage("Expected %s (server id %s) to answer, but %s did", node.name(), node.serverId(), this.actual);
		}
		return this;
	}

}
