package dev.tether.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicas to build: {@code tether.replicas.*} merged with the {@link TetherReplicaConnectionDetails}
 * beans. Connection details win over properties for the URL and credentials, as Spring Boot's own
 * connection details do for {@code spring.datasource.*}.
 */
final class ReplicaConnections {

	private ReplicaConnections() {
	}

	/**
	 * Returns the merged replicas, configured ones first, without changing {@code configured}.
	 * @throws IllegalStateException when a bean's name is not a valid replica name, or two beans
	 * share one
	 */
	static Map<String, ReplicasProperties.Replica> merge(Map<String, ReplicasProperties.Replica> configured,
			List<TetherReplicaConnectionDetails> details) {
		if (details.isEmpty()) {
			return configured;
		}
		Map<String, ReplicasProperties.Replica> merged = new LinkedHashMap<>(configured);
		Map<String, TetherReplicaConnectionDetails> seen = new LinkedHashMap<>();
		for (TetherReplicaConnectionDetails detail : details) {
			String name = detail.getName();
			String problem = (name != null) ? ReplicasProperties.replicaNameProblem(name) : "A replica has no name";
			if (problem != null) {
				throw new IllegalStateException(problem + " (from TetherReplicaConnectionDetails " + detail
						+ "): give the replica a valid name, for example replica-1");
			}
			if (seen.putIfAbsent(name, detail) != null) {
				throw new IllegalStateException("Two TetherReplicaConnectionDetails beans name replica '" + name
						+ "': give each replica its own name (for a container: withReplicaName(\"replica-2\"))");
			}
			ReplicasProperties.Replica replica = copyOf(configured.get(name));
			replica.setUrl(detail.getJdbcUrl());
			replica.setUsername(detail.getUsername());
			replica.setPassword(detail.getPassword());
			merged.put(name, replica);
		}
		return merged;
	}

	private static ReplicasProperties.Replica copyOf(ReplicasProperties.Replica configured) {
		ReplicasProperties.Replica copy = new ReplicasProperties.Replica();
		if (configured != null) {
			copy.setWeight(configured.getWeight());
			ReplicasProperties.Pool pool = copy.getPool();
			pool.setMaximumPoolSize(configured.getPool().getMaximumPoolSize());
			pool.setMinimumIdle(configured.getPool().getMinimumIdle());
			pool.setConnectionTimeout(configured.getPool().getConnectionTimeout());
			pool.setIdleTimeout(configured.getPool().getIdleTimeout());
			pool.setMaxLifetime(configured.getPool().getMaxLifetime());
		}
		return copy;
	}

}
