package dev.tether.test.assertj;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.MariaDbNode;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.tether.test.assertj.TetherAssertions.assertThat;
import static dev.tether.test.assertj.TetherAssertions.assertThatNodeOf;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The routing assertions on a real MariaDB primary and replica, as the non-admin application user. */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbAnsweringNodeAssertTests {

	private static Connection connect(EmbeddedReplicatedMariaDb mariadb, MariaDbNode node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl(), mariadb.username(), mariadb.password());
	}

	@Test
	void eachNodeIsRecognisedByItsReadOnlyFlagAndServerId(EmbeddedReplicatedMariaDb mariadb) throws SQLException {
		try (Connection primary = connect(mariadb, mariadb.primary());
				Connection replica = connect(mariadb, mariadb.replica(0))) {
			assertThatNodeOf(primary).isPrimary().isNode(mariadb.primary());
			assertThatNodeOf(replica).isReplica().isNode(mariadb.replica(0));
			AnsweringNode node = AnsweringNode.of(replica);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(node).isNode(mariadb.primary()))
				.withMessageContaining("Expected primary (server id 1) to answer, but replica on port "
						+ mariadb.replica(0).port() + " (server id 2) did");
		}
	}

}
