package dev.tether.test.assertj;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.tether.test.assertj.TetherAssertions.assertThat;
import static dev.tether.test.assertj.TetherAssertions.assertThatNodeOf;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The routing assertions on a real MySQL 8 primary and replica, as the non-admin application user,
 * through MySQL's driver and MariaDB's.
 */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlAnsweringNodeAssertTests {

	@Test
	void eachNodeIsRecognisedThroughMySqlsDriver(EmbeddedReplicatedMySql mysql) throws SQLException {
		try (Connection primary = DriverManager.getConnection(mysql.primary().jdbcUrl(), mysql.username(),
				mysql.password());
				Connection replica = DriverManager.getConnection(mysql.replica(0).jdbcUrl(), mysql.username(),
						mysql.password())) {
			assertThatNodeOf(primary).isPrimary().isNode(mysql.primary());
			assertThatNodeOf(replica).isReplica().isNode(mysql.replica(0));
			AnsweringNode node = AnsweringNode.of(replica);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(node).isNode(mysql.primary()))
				.withMessageContaining("Expected primary (server id 1) to answer, but replica on port "
						+ mysql.replica(0).port() + " (server id 2) did");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(node).isPrimary())
				.withMessageContaining("but a replica answered");
		}
	}

	@Test
	void eachNodeIsRecognisedThroughMariaDbsDriver(EmbeddedReplicatedMySql mysql) throws SQLException {
		try (Connection primary = DriverManager.getConnection(mysql.primary().mariaDbJdbcUrl(), mysql.username(),
				mysql.password());
				Connection replica = DriverManager.getConnection(mysql.replica(0).mariaDbJdbcUrl(), mysql.username(),
						mysql.password())) {
			assertThatNodeOf(primary).isPrimary().isNode(mysql.primary());
			assertThatNodeOf(replica).isReplica().isNode(mysql.replica(0));
		}
	}

}
