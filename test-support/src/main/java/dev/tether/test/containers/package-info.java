/**
 * Testcontainers read replicas of Testcontainers primaries: {@link dev.tether.test.containers.PostgresReplicaContainer}
 * (streaming replication), {@link dev.tether.test.containers.MySqlReplicaContainer} and
 * {@link dev.tether.test.containers.MariaDbReplicaContainer} (binary-log replication with GTIDs),
 * each built from the primary container it replicates, with lag control and node failures;
 * {@link dev.tether.test.containers.TetherImages} names the images.
 *
 * <p>Testcontainers is an optional dependency of tether-test: add {@code org.testcontainers:testcontainers}
 * and the database's module ({@code testcontainers-postgresql}, {@code -mysql}, {@code -mariadb}).
 * With Spring Boot's {@code @ServiceConnection}, add {@code dev.tether:tether-testcontainers}, which
 * turns a replica container into a {@code tether.replicas} entry.
 */
package dev.tether.test.containers;
