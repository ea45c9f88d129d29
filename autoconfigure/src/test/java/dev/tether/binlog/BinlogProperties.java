package dev.tether.binlog;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points {@code spring.datasource} at a MySQL-family fixture's primary and
 * {@code tether.replicas.<replica>} at its replica, as the non-admin application user (an
 * administrator would bypass the replica's {@code read_only}); MySQL through MySQL Connector/J
 * ({@code jdbc:mysql:}, as a MySQL application would). The same properties in every test class of
 * one database, so they share one application context.
 */
public final class BinlogProperties {

	private BinlogProperties() {
	}

	/** Registers the fixture's data sources. */
	public static void register(DynamicPropertyRegistry registry, BinlogFixture fixture) {
		String replica = "tether.replicas." + fixture.replicaName();
		registry.add("spring.datasource.url", fixture::primaryJdbcUrl);
		registry.add("spring.datasource.username", fixture::username);
		registry.add("spring.datasource.password", fixture::password);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "12");
		registry.add(replica + ".url", fixture::replicaJdbcUrl);
		registry.add(replica + ".pool.maximum-pool-size", () -> "4");
		registry.add(replica + ".pool.minimum-idle", () -> "1");
	}

}
