package dev.tether.test.assertj;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Entry point of Tether's AssertJ assertions on routing: which node answered, asked of the node.
 * <pre>{@code
 * AnsweringNode node = transactions.execute((status) ->
 *         jdbc.execute((ConnectionCallback<AnsweringNode>) AnsweringNode::of));
 * assertThat(node).isReplica().isNode(cluster.replica(0));
 * }</pre>
 */
public final class TetherAssertions {

	private TetherAssertions() {
	}

	/**
	 * Starts assertions on the node that answered.
	 * @param node the node, from {@link AnsweringNode#of(Connection)}
	 * @return the assertions
	 */
	public static AnsweringNodeAssert assertThat(AnsweringNode node) {
		return new AnsweringNodeAssert(node);
	}

	/**
	 * Asks the node behind a connection who it is and starts assertions on it.
	 * @param connection an open connection
	 * @return the assertions
	 * @throws SQLException when the query fails
	 */
	public static AnsweringNodeAssert assertThatNodeOf(Connection connection) throws SQLException {
		return new AnsweringNodeAssert(AnsweringNode.of(connection));
	}

}
