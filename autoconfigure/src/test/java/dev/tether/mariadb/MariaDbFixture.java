package dev.tether.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.MariaDbNode;
import dev.tether.test.mariadb.SharedReplicatedMariaDb;

/** A MariaDB cluster (the shared one, or a test's own) for the MySQL-family proofs of {@code dev.tether.binlog}. */
final class MariaDbFixture implements BinlogFixture {

	private final EmbeddedReplicatedMariaDb cluster;

	private final MariaDbNode replica;

	private MariaDbFixture(EmbeddedReplicatedMariaDb cluster) {
		this.cluster = cluster;
		this.replica = cluster.replica(0);
	}

	/** A cluster of a test's own. */
	static MariaDbFixture of(EmbeddedReplicatedMariaDb cluster) {
		return new MariaDbFixture(cluster);
	}

	/** The JVM-wide cluster; call it after {@code ReplicatedMariaDbExtension} ran (it skips where MariaDB cannot run). */
	static MariaDbFixture shared() {
		return of(SharedReplicatedMariaDb.get());
	}

	@Override
	public String label() {
		return "MariaDB";
	}

	@Override
	public String delaySetting() {
		return "MASTER_DELAY";
	}

	@Override
	public String replicationStatusPrivilege() {
		return "SLAVE MONITOR";
	}

	@Override
	public long connectionTimeoutMillis() {
		return 500;
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
		replicaStatement("STOP SLAVE IO_THREAD");
	}

	@Override
	public void resumeReceiving() {
		replicaStatement("START SLAVE IO_THREAD");
	}

	private void replicaStatement(String sql) {
		try (Connection admin = this.replica.openAdminConnection(); Statement statement = admin.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql + " on " + this.replica.name(), ex);
		}
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
