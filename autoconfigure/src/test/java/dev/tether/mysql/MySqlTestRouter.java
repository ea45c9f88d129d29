package dev.tether.mysql;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaHealth;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.MySqlNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A router over a MySQL 8 test cluster, built by hand as the application user (or another), with a
 * fast probe and short connection timeouts.
 */
final class MySqlTestRouter implements AutoCloseable {

	final TetherDataSource dataSource;

	final JdbcTemplate jdbc;

	final TransactionTemplate readOnly;

	final TransactionTemplate readWrite;

	MySqlTestRouter(EmbeddedReplicatedMySql cluster, Duration maxLag, ReadPolicy policy) {
		this(cluster, maxLag, policy, cluster.username(), cluster.password());
	}

	MySqlTestRouter(EmbeddedReplicatedMySql cluster, Duration maxLag, ReadPolicy policy, String username,
			String password) {
		TetherDataSource.Builder builder = TetherDataSource
			.builder(pool(cluster.primary(), "primary", username, password))
			.probeInterval(Duration.ofMillis(100))
			.maxLag(maxLag)
			.readPolicy(policy);
		for (MySqlNode replica : cluster.replicas()) {
			builder.replica(replica.name(), pool(replica, replica.name(), username, password));
		}
		this.dataSource = builder.build();
		this.jdbc = new JdbcTemplate(this.dataSource);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.dataSource);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.readWrite = new TransactionTemplate(transactions);
	}

	/** Which node answered a read-only transaction: its {@code @@server_id} (1 is the primary). */
	int readOnlyServerId() {
		return this.readOnly.execute((status) -> this.jdbc.queryForObject("SELECT @@server_id", Integer.class));
	}

	ReplicaHealth health(MySqlNode replica) {
		return this.dataSource.getMonitor().health(replica.name());
	}

	private static HikariDataSource pool(MySqlNode node, String name, String username, String password) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("test-mysql-" + name);
		config.setJdbcUrl(node.jdbcUrl());
		config.setUsername(username);
		config.setPassword(password);
		config.setMaximumPoolSize(12);
		config.setMinimumIdle(1);
		// 2 s, not MariaDB's 0.5 s: a new Connector/J connection does a TLS handshake, which on a
		// loaded 2-core machine can exceed 0.5 s and mark a healthy replica DOWN for a probe round
		config.setConnectionTimeout(2000);
		config.setValidationTimeout(250);
		config.setInitializationFailTimeout(-1);
		return new HikariDataSource(config);
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
