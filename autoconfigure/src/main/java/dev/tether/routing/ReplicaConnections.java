package dev.tether.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicas to build: those configured ({@code tether.replicas.*}) merged with the
 * {@link TetherReplicaConnectionDetails} beans. Connection details win over properties for the URL
 * and credentials, as Spring Boot's own connection details do for {@code spring.datasource.*}.
 */
final class ReplicaConnections {

	private ReplicaConnections() {
	}

	/**
	 * Returns the merged replicas, configured ones first, without changing {@code configured}.
	 * @throws IllegalStateException when a bean's name is not a valid replica name, or two beans
	 * share one
	 */
	static Map<String, ReplicaSpec> merge(Map<String, ReplicaSpec> configured,
			List<TetherReplicaConnectionDetails> details) {
		if (details.isEmpty()) {
			return configured;
		}
		Map<String, ReplicaSpec> merged = new LinkedHashMap<>(configured);
		Map<String, TetherReplicaConnectionDetails> seen = new LinkedHashMap<>();
		for (TetherReplicaConnectionDetails detail : details) {
			String name = detail.getName();
			String problem = (name != null) ? ReplicaRules.replicaNameProblem(name) : "A replica has no name";
			if (problem != null) {
				throw new IllegalStateException(problem + " (from TetherReplicaConnectionDetails " + detail
						+ "): give the replica a valid name, for example replica-1");
			}
			if (seen.putIfAbsent(name, detail) != null) {
				throw new IllegalStateException("Two TetherReplicaConnectionDetails beans name replica '" + name
						+ "': give each replica its own name (for a container: withReplicaName(\"replica-2\"))");
			}
			// the entry keeps its weight and pool; a bean without an entry gets the defaults
			ReplicaSpec replica = configured.getOrDefault(name, ReplicaSpec.defaults());
			merged.put(name, replica.withConnection(detail.getJdbcUrl(), detail.getUsername(), detail.getPassword()));
		}
		return merged;
	}

}
