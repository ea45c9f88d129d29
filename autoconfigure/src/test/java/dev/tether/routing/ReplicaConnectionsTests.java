package dev.tether.routing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replicas the core builds pools for: configured ones merged with the connection details, as
 * plain {@link ReplicaSpec} values. Pure logic, no database (the connection details tests run the
 * merged replicas for real).
 */
class ReplicaConnectionsTests {

	private static final ReplicaSpec CONFIGURED = new ReplicaSpec("jdbc:postgresql://old:5432/app", "app", "old-secret",
			3, 4, 1, Duration.ofMillis(250), Duration.ofMinutes(1), Duration.ofMinutes(5));

	@Test
	void aDetailsBeanNamedLikeAnEntryGivesItsConnectionAndKeepsTheEntrysWeightAndPool() {
		Map<String, ReplicaSpec> configured = new LinkedHashMap<>(Map.of("replica-1", CONFIGURED));
		Map<String, ReplicaSpec> merged = ReplicaConnections.merge(configured,
				List.of(details("replica-1", "jdbc:postgresql://new:5432/app")));
		assertThat(merged).containsOnlyKeys("replica-1");
		assertThat(merged.get("replica-1")).isEqualTo(new ReplicaSpec("jdbc:postgresql://new:5432/app", null, null, 3, 4,
				1, Duration.ofMillis(250), Duration.ofMinutes(1), Duration.ofMinutes(5)));
		assertThat(configured.get("replica-1")).as("the configured replicas are left as they were").isEqualTo(CONFIGURED);
	}

	@Test
	void aDetailsBeanWithoutAnEntryGetsTheLibrarysDefaultsAfterTheConfiguredReplicas() {
		Map<String, ReplicaSpec> merged = ReplicaConnections.merge(Map.of("replica-1", CONFIGURED),
				List.of(details("replica-2", "jdbc:postgresql://two:5432/app")));
		assertThat(merged).containsOnlyKeys("replica-1", "replica-2");
		assertThat(merged.keySet()).first().isEqualTo("replica-1");
		assertThat(merged.get("replica-2"))
			.isEqualTo(ReplicaSpec.defaults().withConnection("jdbc:postgresql://two:5432/app", null, null));
	}

	@Test
	void aReplicaShowsNeitherItsUrlNorItsCredentials() {
		assertThat(CONFIGURED.toString()).doesNotContain("old-secret").doesNotContain("jdbc:").contains("weight=3");
	}

	private static TetherReplicaConnectionDetails details(String name, String url) {
		return new TetherReplicaConnectionDetails() {

			@Override
			public String getName() {
				return name;
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return null;
			}

			@Override
			public String getPassword() {
				return null;
			}

		};
	}

}
