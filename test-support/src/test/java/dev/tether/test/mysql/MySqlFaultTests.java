package dev.tether.test.mysql;

import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Fault injection on the shared MySQL cluster; every test undoes its fault. */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlFaultTests {

	@Test
	void aReplicationDelayHoldsNewWritesBackUntilItPasses(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = MySqlJdbc.createTable(mysql);
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		MySqlNode replica = mysql.replica(0);
		replica.setDelay(Duration.ofSeconds(2));
		try {
			long written = System.nanoTime();
			String id = MySqlJdbc.insertRow(mysql, table);
			String executed = mysql.primary().gtidExecuted();
			assertThat(MySqlJdbc.rowVisible(mysql, replica, table, id)).as("right after the write").isFalse();
			assertThatIllegalStateException().isThrownBy(() -> replica.awaitGtid(executed, Duration.ofMillis(300)))
				.withMessageContaining("SQL_Delay=2");
			replica.awaitGtid(executed, Duration.ofSeconds(10));
			// SOURCE_DELAY counts from the commit's microsecond timestamp on the primary
			assertThat(Duration.ofNanos(System.nanoTime() - written)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
			assertThat(MySqlJdbc.rowVisible(mysql, replica, table, id)).isTrue();
		}
		finally {
			replica.setDelay(Duration.ZERO);
		}
		String id = MySqlJdbc.insertRow(mysql, table);
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(2));
		assertThat(MySqlJdbc.rowVisible(mysql, replica, table, id)).as("without delay").isTrue();
	}

	@Test
	void pausedApplyingHoldsWritesBackUntilResumed(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = MySqlJdbc.createTable(mysql);
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		MySqlNode replica = mysql.replica(0);
		replica.pauseApply();
		String id;
		try {
			id = MySqlJdbc.insertRow(mysql, table);
			assertThatIllegalStateException().isThrownBy(() -> mysql.awaitReplicasCaughtUp(Duration.ofMillis(300)))
				.withMessageContaining("Replica_SQL_Running=No");
		}
		finally {
			replica.resumeApply();
		}
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(MySqlJdbc.rowVisible(mysql, replica, table, id)).isTrue();
	}

	@Test
	void pausedReceivingHoldsWritesBackUntilResumed(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = MySqlJdbc.createTable(mysql);
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		MySqlNode replica = mysql.replica(0);
		replica.pauseReceiving();
		String id;
		try {
			id = MySqlJdbc.insertRow(mysql, table);
			assertThatIllegalStateException().isThrownBy(() -> mysql.awaitReplicasCaughtUp(Duration.ofMillis(300)))
				.withMessageContaining("Replica_IO_Running=No");
		}
		finally {
			replica.resumeReceiving();
		}
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(MySqlJdbc.rowVisible(mysql, replica, table, id)).isTrue();
	}

	@Test
	void aKilledReplicaRestartsAndCatchesUpOnWhatItMissed(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = MySqlJdbc.createTable(mysql);
		MySqlNode replica = mysql.replica(0);
		int port = replica.port();
		replica.kill();
		assertThat(replica.isRunning()).isFalse();
		String id = MySqlJdbc.insertRow(mysql, table);
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(1)); // skips the stopped replica
		replica.start();
		assertThat(replica.port()).isEqualTo(port);
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(30));
		assertThat(MySqlJdbc.rowVisible(mysql, replica, table, id)).isTrue();
	}

	@Test
	void aRestartedPrimaryIsFoundAgainByItsReplica(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = MySqlJdbc.createTable(mysql);
		mysql.primary().restart();
		String id = MySqlJdbc.insertRow(mysql, table);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> MySqlJdbc.rowVisible(mysql, mysql.replica(0), table, id));
	}

	@Test
	void replicationControlsRefuseThePrimary(EmbeddedReplicatedMySql mysql) {
		assertThatIllegalStateException().isThrownBy(() -> mysql.primary().setDelay(Duration.ofSeconds(1)))
			.withMessageContaining("primary");
		assertThatIllegalStateException().isThrownBy(() -> mysql.primary().pauseApply());
		assertThatIllegalStateException().isThrownBy(() -> mysql.primary().pauseReceiving());
	}

}
