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
 * unless its URL sets them; each in a {@link RenewableReplicaPool}, so that the router can replace a
 * pool that HikariCP left unable to connect.
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
	static List<ReplicaPool> create(Map<String, ReplicaSpec> replicas, DataSource primary,
			RoutingListener listener) {
		HikariConfigMXBean primaryConfig = DataSourceUnwrapper.unwrap(primary, HikariConfigMXBean.class,
				HikariDataSource.class);
		List<ReplicaPool> pools = new ArrayList<>();
		try {
			replicas.forEach((name, replica) -> pools.add(
					new ReplicaPool(name, replica.weight(),
					new RenewableReplicaPool(createPool(name, replica, (HikariDataSource) primaryConfig, listener)),
					null)));
		}
		catch (RuntimeException ex) {
			pools.forEach((pool) -> ((RenewableReplicaPool) pool.dataSource()).close());
			throw ex;
		}
		return pools;
	}

	private static HikariDataSource createPool(String name, ReplicaSpec replica, HikariDataSource primary,
			RoutingListener listener) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(POOL_NAME_PREFIX + name);
		config.setJdbcUrl(replica.url());
		config.setUsername((replica.username() != null || primary == null) ? replica.username() : primary.getUsername());
		config.setPassword((replica.password() != null || primary == null) ? replica.password() : primary.getPassword());
		if (primary != null && primary.getDriverClassName() != null) {
			config.setDriverClassName(primary.getDriverClassName());
		}
		if (primary != null && primary.getTransactionIsolation() != null) {
			// the primary's level for reads too; and a pool with a level set cannot be left setting
			// level -1 on every connection when its first one breaks while HikariCP detects the
			// server's default (PoisonedIsolation)
			config.setTransactionIsolation(primary.getTransactionIsolation());
		}
		config.setMaximumPoolSize(replica.maximumPoolSize());
		if (replica.minimumIdle() != null) {
			config.setMinimumIdle(replica.minimumIdle());
		}
		config.setConnectionTimeout(replica.connectionTimeout().toMillis());
		config.setIdleTimeout(replica.idleTimeout().toMillis());
		config.setMaxLifetime(replica.maxLifetime().toMillis());
		config.setInitializationFailTimeout(-1);
		config.setExceptionOverride(new ReplicaRefusalReporter(name, listener));
		DriverTimeouts.forUrl(replica.url()).forEach(config::addDataSourceProperty);
		return new HikariDataSource(config);
	}

}
