package dev.tether.routing;

import java.time.Duration;

/**
 * One read replica to build a pool for: where it is, how it logs in, its share of reads and its
 * pool. Plain core data, so that {@link ReplicaPools} knows nothing of Spring Boot's properties: the
 * auto-configuration builds it from {@code tether.replicas.<name>.*} and the connection details,
 * after validating them. The defaults are the library's own ({@code DEFAULT_*}); the properties
 * write them as literals and a test keeps the two equal.
 *
 * @param url the JDBC URL, {@code null} when none is known yet
 * @param username the login user, {@code null} for the primary's
 * @param password the login password, {@code null} for the primary's
 * @param weight the share of read-only transactions relative to the other replicas
 * @param maximumPoolSize the most connections in the replica's pool
 * @param minimumIdle the fewest idle connections kept, {@code null} for the maximum
 * @param connectionTimeout the longest wait for a connection before falling back to the primary
 * @param idleTimeout the longest time a connection may sit idle
 * @param maxLifetime the longest lifetime of a connection
 */
record ReplicaSpec(String url, String username, String password, int weight, int maximumPoolSize,
		Integer minimumIdle, Duration connectionTimeout, Duration idleTimeout, Duration maxLifetime) {

	/** Default size of a replica's pool: 10 connections. */
	static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;

	/**
	 * Default wait for a replica connection: 1 s, short, so that a dead or saturated replica costs
	 * little before the work falls back to the primary.
	 */
	static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);

	/** Default longest idle time of a replica connection: 10 minutes. */
	static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

	/** Default longest lifetime of a replica connection: 30 minutes. */
	static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);

	/** Shortest connection timeout accepted: HikariCP's minimum. */
	static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

	/**
	 * Returns a replica with the default weight and pool, and no URL or credentials yet.
	 * @return the replica
	 */
	static ReplicaSpec defaults() {
		return new ReplicaSpec(null, null, null, TetherDataSource.Builder.DEFAULT_WEIGHT, DEFAULT_MAXIMUM_POOL_SIZE,
				null, DEFAULT_CONNECTION_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_LIFETIME);
	}

	/**
	 * Returns this replica reached at another URL with other credentials, keeping its weight and pool.
	 * @return the replica
	 */
	ReplicaSpec withConnection(String url, String username, String password) {
		return new ReplicaSpec(url, username, password, this.weight, this.maximumPoolSize, this.minimumIdle,
				this.connectionTimeout, this.idleTimeout, this.maxLifetime);
	}

	/**
	 * Leaves out the URL and the credentials: a record's own {@code toString} would print the
	 * password (and a URL may hold one) into logs and messages.
	 */
	@Override
	public String toString() {
		return "ReplicaSpec[weight=" + this.weight + ", maximumPoolSize=" + this.maximumPoolSize + ", minimumIdle="
				+ this.minimumIdle + ", connectionTimeout=" + this.connectionTimeout + ", idleTimeout="
				+ this.idleTimeout + ", maxLifetime=" + this.maxLifetime + "]";
	}

}
