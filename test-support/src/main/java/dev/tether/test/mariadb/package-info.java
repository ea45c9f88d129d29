/**
 * Embedded replicated MariaDB for tests: a primary and GTID replicas started from the machine's
 * {@code mariadbd} (Debian package {@code mariadb-server}), with the GTID positions and fault
 * controls (replication delay, paused apply, stopped or killed nodes) that tests of routing, lag
 * and causal reads need, and a JUnit 5 extension sharing one cluster per JVM that skips its tests,
 * saying how to install MariaDB, where it is missing.
 *
 * <p>Entry points: {@link dev.tether.test.mariadb.EmbeddedReplicatedMariaDb#start(int)},
 * {@link dev.tether.test.mariadb.SharedReplicatedMariaDb#get()} and
 * {@link dev.tether.test.mariadb.ReplicatedMariaDbExtension}.
 */
package dev.tether.test.mariadb;
