package dev.tether.test.assertj;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.PostgresNode;
import dev.tether.test.postgres.ReplicatedPostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.tether.test.assertj.TetherAssertions.assertThat;
import static dev.tether.test.assertj.TetherAssertions.assertThatNodeOf;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The routing assertions on a real PostgreSQL primary and replica. */
@ExtendWith(ReplicatedPostgresExtension.class)
class AnsweringNodeAssertTests {

	private static Connection connect(EmbeddedReplicatedPostgres postgres, PostgresNode node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl(), postgres.username(), postgres.password());
	}

	@Test
	void eachNodeIsRecognisedAsWhatItIs(EmbeddedReplicatedPostgres postgres) throws SQLException {
		try (Connection primary = connect(postgres, postgres.primary());
				Connection replica = connect(postgres, postgres.replica(0))) {
			assertThatNodeOf(primary).isPrimary().isNode(postgres.primary());
			assertThatNodeOf(replica).isReplica().isNode(postgres.replica(0));
			org.assertj.core.api.Assertions.assertThat(AnsweringNode.of(replica).port()).isEqualTo(postgres.replica(0).port());
		}
	}

	@Test
	void aWrongExpectationFailsSayingWhichNodeAnswered(EmbeddedReplicatedPostgres postgres) throws SQLException {
		try (Connection primary = connect(postgres, postgres.primary())) {
			AnsweringNode node = AnsweringNode.of(primary);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(node).isReplica())
				.withMessage("Expected the work to run on a replica, but the primary answered: primary on port "
						+ postgres.primary().port());
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(node).isNode(postgres.replica(0)))
				.withMessageContaining("Expected replica-1 (port " + postgres.replica(0).port() + ") to answer");
		}
		try (Connection replica = connect(postgres, postgres.replica(0))) {
			AnsweringNode node = AnsweringNode.of(replica);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(node).isPrimary())
				.withMessageContaining("but a replica answered: replica on port");
		}
	}

	@Test
	void theAnswerComesFromTheConnectionsOwnTransaction(EmbeddedReplicatedPostgres postgres) throws SQLException {
		try (Connection replica = connect(postgres, postgres.replica(0))) {
			replica.setAutoCommit(false);
			replica.setReadOnly(true);
			replica.createStatement().execute("SELECT 1");
			assertThatNodeOf(replica).isReplica();
			replica.rollback();
		}
	}

}
