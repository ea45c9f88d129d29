package dev.tether.test.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.tether.test.server.Os;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Fault controls, on a cluster of its own so that the shared one stays healthy. */
class ReplicationFaultTests {

	private static EmbeddedReplicatedPostgres postgres;

	private static PostgresNode replica;

	@BeforeAll
	static void startCluster() {
		postgres = EmbeddedReplicatedPostgres.start(1);
		replica = postgres.replica(0);
	}

	@AfterAll
	static void closeCluster() {
		postgres.close();
	}

	@AfterEach
	void healCluster() {
		postgres.primary().start();
		replica.start();
		replica.resumeReplay();
		replica.setApplyDelay(Duration.ZERO);
	}

	@Test
	void anApplyDelayHidesAFreshRowOnTheReplicaUntilTheDelayHasPassed() throws SQLException {
		String table = Jdbc.createTable(postgres);
		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		replica.setApplyDelay(Duration.ofMillis(300));

		long committing = System.nanoTime();
		String id = Jdbc.insertRow(postgres, table);
		boolean visibleAtOnce = Jdbc.rowVisible(postgres, replica, table, id);
		long checkedAfter = millisSince(committing);

		// Only a stall of the test itself beyond the delay could excuse an early sighting.
		if (checkedAfter < 300) {
			assertThat(visibleAtOnce).as("visible on the replica %d ms after commit", checkedAfter).isFalse();
		}
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> Jdbc.rowVisible(postgres, replica, table, id));
		assertThat(millisSince(committing)).isGreaterThanOrEqualTo(300);
	}

	@Test
	void resettingTheApplyDelayToZeroReplicatesPromptlyAgain() throws SQLException {
		String table = Jdbc.createTable(postgres);
		replica.setApplyDelay(Duration.ofSeconds(30));
		replica.setApplyDelay(Duration.ZERO);

		String id = Jdbc.insertRow(postgres, table);

		await().atMost(Duration.ofSeconds(5)).until(() -> Jdbc.rowVisible(postgres, replica, table, id));
		try (Connection connection = replica.openSuperuserConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW recovery_min_apply_delay")) {
			result.next();
			assertThat(result.getString(1)).isEqualTo("0");
		}
	}

	@Test
	void aPausedReplicaReceivesWalButAppliesItOnlyAfterResuming() throws SQLException {
		String table = Jdbc.createTable(postgres);
		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));

		replica.pauseReplay();
		String id = Jdbc.insertRow(postgres, table);
		String primaryLsn = currentWalLsnAfterFlush();

		await().atMost(Duration.ofSeconds(10)).until(() -> walReceivedUpTo(primaryLsn));
		assertThat(Jdbc.rowVisible(postgres, replica, table, id)).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> postgres.awaitReplicasCaughtUp(Duration.ofMillis(200)))
			.withMessageContaining("replica-1 did not replay")
			.withMessageContaining("paused");

		replica.resumeReplay();

		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(Jdbc.rowVisible(postgres, replica, table, id)).isTrue();
	}

	@Test
	void aKilledReplicaStreamsAgainAndCatchesUpAfterStart() throws SQLException {
		String table = Jdbc.createTable(postgres);
		long postmasterPid = replica.postmasterPid().orElseThrow();

		replica.kill();

		assertThat(replica.isRunning()).isFalse();
		assertThat(Os.isRunning(postmasterPid)).isFalse();
		String id = Jdbc.insertRow(postgres, table);

		replica.start();

		assertThat(replica.isRunning()).isTrue();
		assertThat(replica.postmasterPid().orElseThrow()).isNotEqualTo(postmasterPid);
		await().atMost(Duration.ofSeconds(10)).until(() -> primarySeesStreaming(replica.name()));
		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(Jdbc.rowVisible(postgres, replica, table, id)).isTrue();
	}

	@Test
	void aStoppedReplicaIsSkippedByTheCatchUpWaitAndStreamsAgainAfterStart() throws SQLException {
		String table = Jdbc.createTable(postgres);

		replica.stop();

		assertThat(replica.isRunning()).isFalse();
		String id = Jdbc.insertRow(postgres, table);
		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(1));

		replica.start();

		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(Jdbc.rowVisible(postgres, replica, table, id)).isTrue();
	}

	@Test
	void theReplicaReconnectsToARestartedPrimary() throws SQLException {
		String table = Jdbc.createTable(postgres);
		int port = postgres.primary().port();

		postgres.primary().restart();

		assertThat(postgres.primary().port()).isEqualTo(port);
		String id = Jdbc.insertRow(postgres, table);
		await().atMost(Duration.ofSeconds(10)).until(() -> primarySeesStreaming(replica.name()));
		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(Jdbc.rowVisible(postgres, replica, table, id)).isTrue();
	}

	@Test
	void replayControlsRefuseThePrimary() {
		PostgresNode primary = postgres.primary();

		assertThatIllegalStateException().isThrownBy(() -> primary.setApplyDelay(Duration.ofMillis(1)))
			.withMessageContaining("primary");
		assertThatIllegalStateException().isThrownBy(primary::pauseReplay).withMessageContaining("primary");
		assertThatIllegalStateException().isThrownBy(primary::resumeReplay).withMessageContaining("primary");
	}

	@Test
	void catchingUpFailsClearlyWhileThePrimaryIsDown() {
		postgres.primary().stop();

		assertThatIllegalStateException().isThrownBy(() -> postgres.awaitReplicasCaughtUp(Duration.ofSeconds(1)))
			.withMessageContaining("primary")
			.withMessageContaining(postgres.primary().logFile().toString());
	}

	@Test
	void aReplicaThatCannotStartReportsTheTailOfItsServerLog() throws IOException {
		Path config = replica.dataDir().resolve("postgresql.conf");
		String original = Files.readString(config);
		replica.stop();
		Files.writeString(config, original + "\nshared_buffers = 'plenty'\n");
		try {
			assertThatIllegalStateException().isThrownBy(replica::start)
				.withMessageContaining("replica-1 exited with code 1 while starting")
				.withMessageContaining(replica.logFile().toString())
				.withMessageContaining("invalid value for parameter \"shared_buffers\": \"plenty\"");
		}
		finally {
			Files.writeString(config, original);
		}
		replica.start();
		assertThat(replica.isRunning()).isTrue();
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

	private static String currentWalLsnAfterFlush() throws SQLException {
		try (Connection connection = postgres.primary().openSuperuserConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_logical_emit_message(false, 'test', 'flush', true)");
			try (ResultSet result = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
				result.next();
				return result.getString(1);
			}
		}
	}

	private static boolean walReceivedUpTo(String lsn) throws SQLException {
		try (Connection connection = replica.openSuperuserConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT pg_last_wal_receive_lsn() >= '" + lsn + "'::pg_lsn")) {
			result.next();
			return result.getBoolean(1);
		}
	}

	private static boolean primarySeesStreaming(String applicationName) throws SQLException {
		try (Connection connection = postgres.primary().openSuperuserConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_stat_replication"
						+ " WHERE application_name = '" + applicationName + "' AND state = 'streaming')")) {
			result.next();
			return result.getBoolean(1);
		}
	}

}
