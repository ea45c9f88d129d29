package dev.tether.test.postgres;

/**
 * The one {@link EmbeddedReplicatedPostgres} cluster shared by all tests of a JVM, started
 * lazily on first use and stopped by a JVM shutdown hook (so it outlives JUnit's root store,
 * as Spring's context cache does). Usable without the JUnit extension, for example from
 * {@code @DynamicPropertySource}:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void postgres(DynamicPropertyRegistry registry) {
 *     EmbeddedReplicatedPostgres postgres = SharedReplicatedPostgres.get();
 *     registry.add("spring.datasource.url", () -> postgres.primary().jdbcUrl());
 * }
 * }</pre>
 *
 * <p>It has one replica unless the system property {@value #REPLICAS_PROPERTY} says
 * otherwise. Its {@link EmbeddedReplicatedPostgres#close() close()} does nothing. Tests that
 * inject faults into it (delays, paused replay, stopped nodes) must undo them.
 */
public final class SharedReplicatedPostgres {

	/** System property holding the number of replicas of the shared cluster (default 1). */
	public static final String REPLICAS_PROPERTY = "tether.test.replicas";

	private static EmbeddedReplicatedPostgres instance;

	private static RuntimeException startFailure;

	private SharedReplicatedPostgres() {
	}

	/**
	 * Returns the shared cluster, starting it on the first call.
	 * @return the running shared cluster
	 * @throws IllegalStateException if it could not be started (then and on every later call,
	 * without retrying)
	 */
	public static synchronized EmbeddedReplicatedPostgres get() {
		if (instance == null) {
			if (startFailure != null) {
				throw new IllegalStateException("The shared embedded PostgreSQL failed to start earlier", startFailure);
			}
			try {
				EmbeddedReplicatedPostgres cluster = EmbeddedReplicatedPostgres.start(replicas());
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

	private static int replicas() {
		String value = System.getProperty(REPLICAS_PROPERTY, "1").trim();
		try {
			int replicas = Integer.parseInt(value);
			if (replicas >= 0) {
				return replicas;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException(REPLICAS_PROPERTY + " must be a number >= 0, not '" + value + "'");
	}

}
