package dev.tether.routing;

import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points {@code spring.datasource} at the shared primary and {@code tether.replicas.replica-1} at its replica. */
final class ReplicatedPostgresProperties {

	private ReplicatedPostgresProperties() {
	}

	static EmbeddedReplicatedPostgres cluster() {
		return SharedReplicatedPostgres.get();
	}

	static void register(DynamicPropertyRegistry registry) {
		EmbeddedReplicatedPostgres cluster = cluster();
		registry.add("spring.datasource.url", () -> cluster.primary().jdbcUrl());
		registry.add("spring.datasource.username", cluster::username);
		registry.add("spring.datasource.password", cluster::password);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
		registry.add("tether.replicas.replica-1.url", () -> cluster.replica(0).jdbcUrl());
		registry.add("tether.replicas.replica-1.pool.maximum-pool-size", () -> "8");
		registry.add("tether.replicas.replica-1.pool.minimum-idle", () -> "1");
	}

}
