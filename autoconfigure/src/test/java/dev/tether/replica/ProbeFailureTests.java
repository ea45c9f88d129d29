package dev.tether.replica;

import java.net.SocketTimeoutException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which probe failures abort a node's connections in flight: pure logic over exception types. */
class ProbeFailureTests {

	@Test
	void aConnectionFailureOrAReadTimeoutSaysTheNodeIsUnreachable() {
		assertThat(ReplicaMonitor.unreachable(new SQLException("I/O error", "08006"))).isTrue();
		assertThat(ReplicaMonitor.unreachable(new SQLException("wrapped", new SocketTimeoutException("Read timed out"))))
			.isTrue();
		assertThat(ReplicaMonitor.unreachable(new java.sql.SQLTransientConnectionException("pool timed out"))).isTrue();
	}

	@Test
	void aReplicaThatAnswersItIsNotReplicatingIsNotUnreachable() {
		assertThat(ReplicaMonitor.unreachable(new SQLException("Not a streaming replica: pg_last_wal_replay_lsn() is null")))
			.isFalse();
		assertThat(ReplicaMonitor.unreachable(new SQLException("Replica SQL thread is not running", "HY000"))).isFalse();
	}

	@Test
	void aProbeThatOnlyDidNotAnswerInTimeIsAMissNotAVerdict() {
		assertThat(ReplicaMonitor.timedOut(new SQLException("wrapped", new SocketTimeoutException("Read timed out")))).isTrue();
		assertThat(ReplicaMonitor.timedOut(new java.sql.SQLTimeoutException("isValid answered false"))).isTrue();
		assertThat(ReplicaMonitor.timedOut(new SQLException("canceling statement due to user request", "57014"))).isTrue();
		assertThat(ReplicaMonitor.timedOut(
				new java.sql.SQLTransientConnectionException("tether-probe-replica-1 - Connection is not available"))).isTrue();
	}

	@Test
	void aRefusedOrResetConnectionIsAVerdict() {
		assertThat(ReplicaMonitor.timedOut(new java.sql.SQLTransientConnectionException("pool timed out",
				new SQLException("Connection refused", "08001", new java.net.ConnectException("Connection refused")))))
			.isFalse();
		assertThat(ReplicaMonitor.timedOut(new SQLException("I/O error", "08006", new java.net.SocketException("Connection reset"))))
			.isFalse();
		assertThat(ReplicaMonitor.timedOut(new SQLException("I/O error", "08006", new java.io.EOFException()))).isFalse();
		assertThat(ReplicaMonitor.timedOut(new SQLException("Not a streaming replica"))).isFalse();
	}

}
