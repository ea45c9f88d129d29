package dev.tether.mariadb;

import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.SharedReplicatedMariaDb;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points {@code spring.datasource} at the shared MariaDB primary and {@code tether.replicas.replica-1}
 * at its replica, as the non-admin application user (an administrator would bypass the replica's
 * {@code read_only}). The same properties in every test class, so they share one application context.
 */
final class MariaDbProperties {

	private MariaDbProperties() {
	}

	static EmbeddedReplicatedMariaDb cluster() {
		return SharedReplicatedMariaDb.get();
	}

	static void register(DynamicPropertyRegistry registry) {
		EmbeddedReplicatedMariaDb cluster = cluster();
		registry.add("spring.datasource.url", () -> cluster.primary().jdbcUrl());
		registry.add("spring.datasource.username", cluster::username);
		registry.add("spring.datasource.password", cluster::password);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "12");
		registry.add("tether.replicas.replica-1.url", () -> cluster.replica(0).jdbcUrl());
		registry.add("tether.replicas.replica-1.pool.maximum-pool-size", () -> "4");
		registry.add("tether.replicas.replica-1.pool.minimum-idle", () -> "1");
	}

}
