package dev.tether.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Creates one HikariCP pool per configured replica, with driver timeouts ({@link DriverTimeouts})
 * unless its URL sets them.
 */
final class ReplicaPools {

	/** Prefix of replica pool names: {@code tether-replica-<name>}. */
	static final String POOL_NAME_PREFIX = "tether-replica-";

	private ReplicaPools() {
	}

	/**
	 * Creates the pools. They start without waiting for a connection, so a replica that is down
	 * at startup does not stop the application: its transactions fall back to the primary. A
	 * replica's refusal of a write is reported to {@code listener}.
	 */
	static List<ReplicaPool> create(Map<String, ReplicasProperties.Replica> replicas, DataSource primary,
			RoutingListener listener) {
		HikariConfigMXBean primaryConfig = DataSourceUnwrapper.unwrap(primary, HikariConfigMXBean.class,
				HikariDataSource.class);
		List<ReplicaPool> pools = new ArrayList<>();
		try {
			replicas.forEach((name, replica) -> pools.add(
					new ReplicaPool(name, replica.getWeight(),
					createPool(name, replica, (HikariDataSource) primaryConfig, listener), null)));
		}
		catch (RuntimeException ex) {
			pools.forEach((pool) -> ((HikariDataSource) pool.dataSource()).close());
			throw ex;
		}
		return pools;
	}

	private static HikariDataSource createPool(String name, ReplicasProperties.Replica replica, HikariDataSource primary,
			RoutingListener listener) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(POOL_NAME_PREFIX + name);
		config.setJdbcUrl(replica.getUrl());
		config.setUsername((replica.getUsername() != null || primary == null) ? replica.getUsername() : primary.getUsername());
		config.setPassword((replica.getPassword() != null || primary == null) ? replica.getPassword() : primary.getPassword());
		if (primary != null && primary.getDriverClassName() != null) {
			config.setDriverClassName(primary.getDriverClassName());
		}
		ReplicasProperties.Pool pool = replica.getPool();
		config.setMaximumPoolSize(pool.getMaximumPoolSize());
		if (pool.getMinimumIdle() != null) {
			config.setMinimumIdle(pool.getMinimumIdle());
		}
		config.setConnectionTimeout(pool.getConnectionTimeout().toMillis());
		config.setIdleTimeout(pool.getIdleTimeout().toMillis());
		config.setMaxLifetime(pool.getMaxLifetime().toMillis());
		config.setInitializationFailTimeout(-1);
		config.setExceptionOverride(new ReplicaRefusalReporter(name, listener));
		DriverTimeouts.forUrl(replica.getUrl()).forEach(config::addDataSourceProperty);
		return new HikariDataSource(config);
	}

}
