package dev.tether.replica;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.PostgresNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A router over a test cluster, built by hand, with a fast probe and short connection timeouts. */
final class TestRouter implements AutoCloseable {

	final TetherDataSource dataSource;

	final JdbcTemplate jdbc;

	final TransactionTemplate readOnly;

	final TransactionTemplate readWrite;

	TestRouter(EmbeddedReplicatedPostgres cluster, Duration maxLag, ReadPolicy policy) {
		TetherDataSource.Builder builder = TetherDataSource.builder(pool(cluster, cluster.primary(), "primary"))
			.probeInterval(Duration.ofMillis(100))
			.maxLag(maxLag)
			.readPolicy(policy);
		for (PostgresNode replica : cluster.replicas()) {
			builder.replica(replica.name(), pool(cluster, replica, replica.name()));
		}
		this.dataSource = builder.build();
		this.jdbc = new JdbcTemplate(this.dataSource);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.dataSource);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.readWrite = new TransactionTemplate(transactions);
	}

	/** Which node answered a read-only transaction: its port. */
	int readOnlyPort() {
		return this.readOnly.execute((status) -> this.jdbc.queryForObject("select inet_server_port()", Integer.class));
	}

	private static HikariDataSource pool(EmbeddedReplicatedPostgres cluster, PostgresNode node, String name) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("test-" + name);
		config.setJdbcUrl(node.jdbcUrl());
		config.setUsername(cluster.username());
		config.setPassword(cluster.password());
		config.setMaximumPoolSize(20);
		config.setMinimumIdle(2);
		config.setConnectionTimeout(500);
		config.setValidationTimeout(250);
		config.setInitializationFailTimeout(-1);
		return new HikariDataSource(config);
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
