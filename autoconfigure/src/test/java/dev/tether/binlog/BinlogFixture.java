package dev.tether.binlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.SharedReplicatedMariaDb;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.SharedReplicatedMySql;
import dev.tether.test.server.BinlogCluster;
import dev.tether.test.server.BinlogNode;

/**
 * One MySQL-family test cluster (a primary and its first GTID replica, MySQL 8 or MariaDB) as the
 * shared proofs of this package see it: what they connect to and the faults they inject, with the
 * few words that differ between the two databases. Public for the test packages of each database.
 */
public final class BinlogFixture {

	private final BinlogCluster<? extends BinlogNode> cluster;

	private final BinlogNode replica;

	private final String label;

	private final String delaySetting;

	private final String replicationStatusPrivilege;

	private final long connectionTimeoutMillis;

	/** Appended to the primary's URL: connection properties of a variant ({@link #withPrimaryUrlParameters}). */
	private final String primaryUrlParameters;

	private BinlogFixture(BinlogCluster<? extends BinlogNode> cluster, String label, String delaySetting,
			String replicationStatusPrivilege, long connectionTimeoutMillis) {
		this(cluster, label, delaySetting, replicationStatusPrivilege, connectionTimeoutMillis, "");
	}

	private BinlogFixture(BinlogCluster<? extends BinlogNode> cluster, String label, String delaySetting,
			String replicationStatusPrivilege, long connectionTimeoutMillis, String primaryUrlParameters) {
		this.primaryUrlParameters = primaryUrlParameters;
		this.cluster = cluster;
		this.replica = cluster.replica(0);
		this.label = label;
		this.delaySetting = delaySetting;
		this.replicationStatusPrivilege = replicationStatusPrivilege;
		this.connectionTimeoutMillis = connectionTimeoutMillis;
	}

	/**
	 * A MySQL 8 cluster, through MySQL Connector/J. Pools wait 2 s for a connection, not MariaDB's
	 * 0.5 s: a new Connector/J connection does a TLS handshake, which on a loaded 2-core machine can
	 * exceed 0.5 s and mark a healthy replica DOWN for a probe round.
	 */
	public static BinlogFixture of(EmbeddedReplicatedMySql mysql) {
		return new BinlogFixture(mysql, "MySQL", "SOURCE_DELAY", "REPLICATION CLIENT", 2000);
	}

	/** A MariaDB cluster. */
	public static BinlogFixture of(EmbeddedReplicatedMariaDb mariadb) {
		return new BinlogFixture(mariadb, "MariaDB", "MASTER_DELAY", "SLAVE MONITOR", 500);
	}

	/** The JVM-wide MySQL cluster; call it after {@code ReplicatedMySqlExtension} ran (it skips where MySQL cannot run). */
	public static BinlogFixture sharedMySql() {
		return of(SharedReplicatedMySql.get());
	}

	/** The JVM-wide MariaDB cluster; call it after {@code ReplicatedMariaDbExtension} ran. */
	public static BinlogFixture sharedMariaDb() {
		return of(SharedReplicatedMariaDb.get());
	}

	/**
	 * The same cluster, with connection properties added to the primary's URL (for example
	 * {@code ?trackSessionState=true}) and named so in test output.
	 */
	public BinlogFixture withPrimaryUrlParameters(String parameters) {
		return new BinlogFixture(this.cluster, this.label + " (" + parameters + ")", this.delaySetting,
				this.replicationStatusPrivilege, this.connectionTimeoutMillis, parameters);
	}

	/** The database's name in test output: {@code MySQL} or {@code MariaDB}. */
	String label() {
		return this.label;
	}

	/** The replica's delay setting in test output: {@code SOURCE_DELAY} or {@code MASTER_DELAY}. */
	String delaySetting() {
		return this.delaySetting;
	}

	/** The privilege the probe asks for when it may not read the replication status. */
	String replicationStatusPrivilege() {
		return this.replicationStatusPrivilege;
	}

	/** How long the routers' pools wait for a new connection, in milliseconds. */
	long connectionTimeoutMillis() {
		return this.connectionTimeoutMillis;
	}

	String database() {
		return this.cluster.database();
	}

	String username() {
		return this.cluster.username();
	}

	String password() {
		return this.cluster.password();
	}

	String primaryJdbcUrl() {
		return this.cluster.primary().jdbcUrl() + this.primaryUrlParameters;
	}

	String replicaName() {
		return this.replica.name();
	}

	String replicaJdbcUrl() {
		return this.replica.jdbcUrl();
	}

	int replicaServerId() {
		return this.replica.serverId();
	}

	/** An administrator's connection to the primary; the caller closes it. */
	Connection openPrimaryAdminConnection() throws SQLException {
		return this.cluster.primary().openAdminConnection();
	}

	void awaitReplicasCaughtUp(Duration timeout) {
		this.cluster.awaitReplicasCaughtUp(timeout);
	}

	void setReplicaDelay(Duration delay) {
		this.replica.setDelay(delay);
	}

	void pauseApply() {
		this.replica.pauseApply();
	}

	void resumeApply() {
		this.replica.resumeApply();
	}

	void pauseReceiving() {
		this.replica.pauseReceiving();
	}

	void resumeReceiving() {
		this.replica.resumeReceiving();
	}

	void killReplica() {
		this.replica.kill();
	}

	void startReplica() {
		this.replica.start();
	}

}
