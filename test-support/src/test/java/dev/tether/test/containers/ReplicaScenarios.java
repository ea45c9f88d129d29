package dev.tether.test.containers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.testcontainers.containers.JdbcDatabaseContainer;

import static dev.tether.test.assertj.TetherAssertions.assertThatNodeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What every replica container must do, on a table {@code items (id, name)} the test created on
 * the primary; each scenario uses its own ids.
 */
final class ReplicaScenarios {

	private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(30);

	private final JdbcDatabaseContainer<?> primary;

	private final ReplicaContainer<?> replica;

	ReplicaScenarios(JdbcDatabaseContainer<?> primary, ReplicaContainer<?> replica) {
		this.primary = primary;
		this.replica = replica;
	}

	void execute(String sql) throws SQLException {
		try (Connection connection = this.primary.createConnection(""); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	void insert(long id) throws SQLException {
		execute("INSERT INTO items VALUES (" + id + ", 'item " + id + "')");
	}

	boolean replicaHas(long id) throws SQLException {
		try (Connection connection = this.replica.createConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*) FROM items WHERE id = " + id)) {
			result.next();
			return result.getInt(1) == 1;
		}
	}

	void aWriteOnThePrimaryIsReadOnTheReplica(long id) throws SQLException {
		insert(id);
		await().atMost(REPLICATION_TIMEOUT).until(() -> replicaHas(id));
	}

	void theReplicaRefusesTheApplicationsWrites(String message) throws SQLException {
		try (Connection connection = this.replica.createConnection(); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.execute("INSERT INTO items VALUES (999999, 'refused')"))
				.withMessageContaining(message);
		}
	}

	void eachNodeIsRecognisedByTheAnsweringNodeAssertions() throws SQLException {
		try (Connection onPrimary = this.primary.createConnection(""); Connection onReplica = this.replica.createConnection()) {
			assertThatNodeOf(onPrimary).isPrimary();
			assertThatNodeOf(onReplica).isReplica();
		}
	}

	void aPausedReplicaHoldsBackWritesUntilItResumes(long id) throws SQLException {
		this.replica.pauseApply();
		try {
			insert(id);
			// Time enough to replicate the row were the replica applying (it takes milliseconds here).
			sleep(Duration.ofSeconds(1));
			assertThat(replicaHas(id)).as("row written while the replica is paused").isFalse();
		}
		finally {
			this.replica.resumeApply();
		}
		await().atMost(REPLICATION_TIMEOUT).until(() -> replicaHas(id));
	}

	/** The row must reach the replica no sooner than {@code atLeast} after it was written. */
	void anApplyDelayDelaysWhatTheReplicaReads(long id, Duration delay, Duration atLeast) throws SQLException {
		this.replica.setApplyDelay(delay);
		try {
			long written = System.nanoTime();
			insert(id);
			await().atMost(REPLICATION_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> replicaHas(id));
			assertThat(Duration.ofNanos(System.nanoTime() - written)).isGreaterThanOrEqualTo(atLeast);
		}
		finally {
			this.replica.setApplyDelay(Duration.ZERO);
		}
	}

	void aKilledReplicaRefusesConnectionsAndCatchesUpWhenRestarted(long id) throws SQLException {
		this.replica.kill();
		try {
			assertThatExceptionOfType(SQLException.class).isThrownBy(this.replica::createConnection);
			insert(id);
		}
		finally {
			this.replica.restart();
		}
		await().atMost(REPLICATION_TIMEOUT).until(() -> replicaHas(id));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
