package dev.tether.test.mysql;

/**
 * The one {@link EmbeddedReplicatedMySql} cluster (a primary and one replica) shared by all tests of
 * a JVM, started lazily on first use and stopped by a JVM shutdown hook (so it outlives JUnit's root
 * store, as Spring's context cache does). Usable without the JUnit extension, for example from
 * {@code @DynamicPropertySource}; tests that may run where MySQL cannot use
 * {@link ReplicatedMySqlExtension}, which skips them with a message first.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void mysql(DynamicPropertyRegistry registry) {
 *     EmbeddedReplicatedMySql mysql = SharedReplicatedMySql.get();
 *     registry.add("spring.datasource.url", () -> mysql.primary().jdbcUrl());
 * }
 * }</pre>
 *
 * <p>Its {@link EmbeddedReplicatedMySql#close() close()} does nothing. Tests that inject faults into
 * it (delays, paused replication, stopped nodes) must undo them.
 */
public final class SharedReplicatedMySql {

	private static EmbeddedReplicatedMySql instance;

	private static RuntimeException startFailure;

	private SharedReplicatedMySql() {
	}

	/**
	 * Returns the shared cluster, starting it on the first call.
	 * @return the running shared cluster
	 * @throws IllegalStateException if it could not be started, for example because MySQL cannot
	 * run here (then and on every later call, without retrying)
	 */
	public static synchronized EmbeddedReplicatedMySql get() {
		if (instance == null) {
			if (startFailure != null) {
				throw new IllegalStateException("The shared embedded MySQL failed to start earlier", startFailure);
			}
			try {
				EmbeddedReplicatedMySql cluster = EmbeddedReplicatedMySql.start(1);
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
