package dev.tether.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.MySqlNode;
import dev.tether.test.mysql.SharedReplicatedMySql;

/** A MySQL cluster (the shared one, or a test's own) for the MySQL-family proofs of {@code dev.tether.binlog}. */
final class MySqlFixture implements BinlogFixture {

	private final EmbeddedReplicatedMySql cluster;

	private final MySqlNode replica;

	private MySqlFixture(EmbeddedReplicatedMySql cluster) {
		this.cluster = cluster;
		this.replica = cluster.replica(0);
	}

	/** A cluster of a test's own. */
	static MySqlFixture of(EmbeddedReplicatedMySql cluster) {
		return new MySqlFixture(cluster);
	}

	/** The JVM-wide cluster; call it after {@code ReplicatedMySqlExtension} ran (it skips where MySQL cannot run). */
	static MySqlFixture shared() {
		return of(SharedReplicatedMySql.get());
	}

	@Override
	public String label() {
		return "MySQL";
	}

	@Override
	public String delaySetting() {
		return "SOURCE_DELAY";
	}

	@Override
	public String replicationStatusPrivilege() {
		return "REPLICATION CLIENT";
	}

	@Override
	public long connectionTimeoutMillis() {
		// 2 s, not MariaDB's 0.5 s: a new Connector/J connection does a TLS handshake, which on a
		// loaded 2-core machine can exceed 0.5 s and mark a healthy replica DOWN for a probe round
		return 2000;
	}

	@Override
	public String database() {
		return this.cluster.database();
	}

	@Override
	public String username() {
		return this.cluster.username();
	}

	@Override
	public String password() {
		return this.cluster.password();
	}

	@Override
	public String primaryJdbcUrl() {
		return this.cluster.primary().jdbcUrl();
	}

	@Override
	public String replicaName() {
		return this.replica.name();
	}

	@Override
	public String replicaJdbcUrl() {
		return this.replica.jdbcUrl();
	}

	@Override
	public int replicaServerId() {
		return this.replica.serverId();
	}

	@Override
	public Connection openPrimaryAdminConnection() throws SQLException {
		return this.cluster.primary().openAdminConnection();
	}

	@Override
	public void awaitReplicasCaughtUp(Duration timeout) {
		this.cluster.awaitReplicasCaughtUp(timeout);
	}

	@Override
	public void setReplicaDelay(Duration delay) {
		this.replica.setDelay(delay);
	}

	@Override
	public void pauseApply() {
		this.replica.pauseApply();
	}

	@Override
	public void resumeApply() {
		this.replica.resumeApply();
	}

	@Override
	public void pauseReceiving() {
		this.replica.pauseReceiving();
	}

	@Override
	public void resumeReceiving() {
		this.replica.resumeReceiving();
	}

	@Override
	public void killReplica() {
		this.replica.kill();
	}

	@Override
	public void startReplica() {
		this.replica.start();
	}

}
