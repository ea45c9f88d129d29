/**
 * Embedded replicated PostgreSQL for tests: a primary and streaming replicas started
 * from the {@code io.zonky.test.postgres} binaries, with fault controls (apply delay,
 * paused replay, stopped or killed nodes) and a JUnit 5 extension sharing one cluster
 * per JVM.
 *
 * <p>Entry points: {@link dev.tether.test.postgres.EmbeddedReplicatedPostgres#start(int)},
 * {@link dev.tether.test.postgres.SharedReplicatedPostgres#get()} and
 * {@link dev.tether.test.postgres.ReplicatedPostgresExtension}.
 */
package dev.tether.test.postgres;
