package dev.tether.binlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One MySQL-family test cluster (a primary and one GTID replica, MySQL 8 or MariaDB) as the shared
 * proofs of this package see it: what they connect to and the faults they inject, with the few words
 * that differ between the two databases. Public because each database's test package implements it
 * over its own test-support cluster.
 */
public interface BinlogFixture {

	/** The database's name in test output: {@code MySQL} or {@code MariaDB}. */
	String label();

	/** The replica's delay setting in test output: {@code SOURCE_DELAY} or {@code MASTER_DELAY}. */
	String delaySetting();

	/** The privilege the probe asks for when it may not read the replication status. */
	String replicationStatusPrivilege();

	/** How long the routers' pools wait for a new connection, in milliseconds. */
	long connectionTimeoutMillis();

	String database();

	String username();

	String password();

	String primaryJdbcUrl();

	String replicaName();

	String replicaJdbcUrl();

	int replicaServerId();

	/** An administrator's connection to the primary; the caller closes it. */
	Connection openPrimaryAdminConnection() throws SQLException;

	void awaitReplicasCaughtUp(Duration timeout);

	void setReplicaDelay(Duration delay);

	void pauseApply();

	void resumeApply();

	void pauseReceiving();

	void resumeReceiving();

	void killReplica();

	void startReplica();

}
