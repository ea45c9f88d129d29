package dev.tether.mysql;

import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.SharedReplicatedMySql;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points {@code spring.datasource} at the shared MySQL 8 primary and {@code tether.replicas.replica-1}
 * at its replica, through MySQL Connector/J ({@code jdbc:mysql:}, as a MySQL application would), as
 * the non-admin application user (an administrator would bypass the replica's {@code read_only}).
 * The same properties in every test class, so they share one application context.
 */
final class MySqlProperties {

	private MySqlProperties() {
	}

	static EmbeddedReplicatedMySql cluster() {
		return SharedReplicatedMySql.get();
	}

	static void register(DynamicPropertyRegistry registry) {
		EmbeddedReplicatedMySql cluster = cluster();
		registry.add("spring.datasource.url", () -> cluster.primary().jdbcUrl());
		registry.add("spring.datasource.username", cluster::username);
		registry.add("spring.datasource.password", cluster::password);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "12");
		registry.add("tether.replicas.replica-1.url", () -> cluster.replica(0).jdbcUrl());
		registry.add("tether.replicas.replica-1.pool.maximum-pool-size", () -> "4");
		registry.add("tether.replicas.replica-1.pool.minimum-idle", () -> "1");
	}

}
