package dev.tether.test.mariadb;

/**
 * The one {@link EmbeddedReplicatedMariaDb} cluster (a primary and one replica) shared by all tests
 * of a JVM, started lazily on first use and stopped by a JVM shutdown hook (so it outlives JUnit's
 * root store, as Spring's context cache does). Usable without the JUnit extension, for example
 * from {@code @DynamicPropertySource}; tests that may run where MariaDB is not installed use
 * {@link ReplicatedMariaDbExtension}, which skips them with a message first.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void mariadb(DynamicPropertyRegistry registry) {
 *     EmbeddedReplicatedMariaDb mariadb = SharedReplicatedMariaDb.get();
 *     registry.add("spring.datasource.url", () -> mariadb.primary().jdbcUrl());
 * }
 * }</pre>
 *
 * <p>Its {@link EmbeddedReplicatedMariaDb#close() close()} does nothing. Tests that inject faults
 * into it (delays, paused replication, stopped nodes) must undo them.
 */
public final class SharedReplicatedMariaDb {

	private static EmbeddedReplicatedMariaDb instance;

	private static RuntimeException startFailure;

	private SharedReplicatedMariaDb() {
	}

	/**
	 * Returns the shared cluster, starting it on the first call.
	 * @return the running shared cluster
	 * @throws IllegalStateException if it could not be started, for example because
	 * {@code mariadbd} is not installed (then and on every later call, without retrying)
	 */
	public static synchronized EmbeddedReplicatedMariaDb get() {
		if (instance == null) {
			if (startFailure != null) {
				throw new IllegalStateException("The shared embedded MariaDB failed to start earlier", startFailure);
			}
			try {
				EmbeddedReplicatedMariaDb cluster = EmbeddedReplicatedMariaDb.start(1);
				cluster.markShared();
				instance = cluster;
			}
			catch (RuntimeException ex) {
				startFailure = ex;
				throw ex;
			}
		}
		return instance;
	}

}
