package dev.tether.test.mariadb;

import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Fault injection on the shared cluster; every test undoes its fault. */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbFaultTests {

	@Test
	void aReplicationDelayHoldsNewWritesBackUntilItPasses(EmbeddedReplicatedMariaDb mariadb) throws SQLException {
		String table = AppJdbc.createTable(mariadb);
		mariadb.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		MariaDbNode replica = mariadb.replica(0);
		replica.setDelay(Duration.ofSeconds(2));
		try {
			long written = System.nanoTime();
			String id = AppJdbc.insertRow(mariadb, table);
			String position = mariadb.primary().gtidBinlogPos();
			assertThat(AppJdbc.rowVisible(mariadb, replica, table, id)).as("right after the write").isFalse();
			assertThatIllegalStateException().isThrownBy(() -> replica.awaitGtid(position, Duration.ofMillis(300)))
				.withMessageContaining("SQL_Delay=2");
			replica.awaitGtid(position, Duration.ofSeconds(10));
			// MASTER_DELAY counts from the event's timestamp, which has whole seconds: a 2 s delay can
			// apply as early as just over 1 s after the write
			assertThat(Duration.ofNanos(System.nanoTime() - written)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(AppJdbc.rowVisible(mariadb, replica, table, id)).isTrue();
		}
		finally {
			replica.setDelay(Duration.ZERO);
		}
		String id = AppJdbc.insertRow(mariadb, table);
		mariadb.awaitReplicasCaughtUp(Duration.ofSeconds(1));
		assertThat(AppJdbc.rowVisible(mariadb, replica, table, id)).as("without delay").isTrue();
	}

	@Test
	void pausedApplyingHoldsWritesBackUntilResumed(EmbeddedReplicatedMariaDb mariadb) throws SQLException {
		String table = AppJdbc.createTable(mariadb);
		mariadb.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		MariaDbNode replica = mariadb.replica(0);
		replica.pauseApply();
		String id;
		try {
			id = AppJdbc.insertRow(mariadb, table);
			assertThatIllegalStateException()
				.isThrownBy(() -> mariadb.awaitReplicasCaughtUp(Duration.ofMillis(300)))
				.withMessageContaining("Slave_SQL_Running=No");
		}
		finally {
			replica.resumeApply();
		}
		mariadb.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(AppJdbc.rowVisible(mariadb, replica, table, id)).isTrue();
	}

	@Test
	void aKilledReplicaRestartsAndCatchesUpOnWhatItMissed(EmbeddedReplicatedMariaDb mariadb) throws SQLException {
		String table = AppJdbc.createTable(mariadb);
		MariaDbNode replica = mariadb.replica(0);
		int port = replica.port();
		replica.kill();
		assertThat(replica.isRunning()).isFalse();
		String id = AppJdbc.insertRow(mariadb, table);
		mariadb.awaitReplicasCaughtUp(Duration.ofSeconds(1)); // skips the stopped replica
		replica.start();
		assertThat(replica.port()).isEqualTo(port);
		mariadb.awaitReplicasCaughtUp(Duration.ofSeconds(30));
		assertThat(AppJdbc.rowVisible(mariadb, replica, table, id)).isTrue();
	}

	@Test
	void aRestartedPrimaryIsFoundAgainByItsReplica(EmbeddedReplicatedMariaDb mariadb) throws SQLException {
		String table = AppJdbc.createTable(mariadb);
		mariadb.primary().restart();
		String id = AppJdbc.insertRow(mariadb, table);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> AppJdbc.rowVisible(mariadb, mariadb.replica(0), table, id));
	}

	@Test
	void replicationControlsRefuseThePrimary(EmbeddedReplicatedMariaDb mariadb) {
		assertThatIllegalStateException().isThrownBy(() -> mariadb.primary().setDelay(Duration.ofSeconds(1)))
			.withMessageContaining("primary");
		assertThatIllegalStateException().isThrownBy(() -> mariadb.primary().pauseApply());
	}

}
