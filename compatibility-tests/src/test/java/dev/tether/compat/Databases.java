package dev.tether.compat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.tether.test.assertj.AnsweringNode;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.PostgresNode;
import dev.tether.test.postgres.SharedReplicatedPostgres;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shared primary and replica of this test JVM, the properties that point an application at
 * them, and questions asked of each node directly (as the superuser, outside the application).
 */
public final class Databases {

	private Databases() {
	}

	/** The shared cluster: one primary, one streaming replica. */
	public static EmbeddedReplicatedPostgres cluster() {
		return SharedReplicatedPostgres.get();
	}

	/** {@code spring.datasource.*} at the primary and {@code tether.replicas.replica-1} at the replica, small pools. */
	public static String[] properties() {
		EmbeddedReplicatedPostgres cluster = cluster();
		return new String[] { "spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=4",
				"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl(),
				"tether.replicas.replica-1.pool.maximum-pool-size=4" };
	}

	/**
	 * The same properties with every connection in {@code schema} (created if missing), for
	 * libraries whose scripts create unqualified tables and that run once with and once without
	 * the starter.
	 */
	public static String[] properties(String schema) {
		execute("create schema if not exists " + schema);
		return java.util.Arrays.stream(properties())
			.map((property) -> property.contains(".url=") ? property + "?currentSchema=" + schema : property)
			.toArray(String[]::new);
	}

	/** The same properties for {@code @DynamicPropertySource}. */
	public static void register(DynamicPropertyRegistry registry) {
		for (String property : properties()) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
	}

	/** The properties without the replica: what the application had before it added Tether's. */
	public static String[] primaryOnly() {
		String[] all = properties();
		return java.util.Arrays.copyOf(all, 4);
	}

	/** {@link #primaryOnly()} with every connection in {@code schema} (created if missing). */
	public static String[] primaryOnlyIn(String schema) {
		return java.util.Arrays.copyOf(properties(schema), 4);
	}

	/** Asks the node that answers a read-only transaction of {@code dataSource}. */
	public static AnsweringNode readOnlyAnswer(DataSource dataSource) {
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);
		return readOnly.execute((status) -> answer(dataSource));
	}

	/** Asks the node that answers a read-write transaction of {@code dataSource}. */
	public static AnsweringNode readWriteAnswer(DataSource dataSource) {
		return new TransactionTemplate(new DataSourceTransactionManager(dataSource))
			.execute((status) -> answer(dataSource));
	}

	private static AnsweringNode answer(DataSource dataSource) {
		Connection connection = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
		try {
			return AnsweringNode.of(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/** The first column of every row {@code sql} returns on {@code node}, asked as the superuser. */
	public static List<String> query(PostgresNode node, String sql) {
		try (Connection connection = node.openSuperuserConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			List<String> values = new ArrayList<>();
			while (rows.next()) {
				values.add(rows.getString(1));
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("On " + node + ": " + sql, ex);
		}
	}

	/** Runs {@code sql} on the primary as the application's user (who then owns what it creates). */
	public static void execute(String sql) {
		EmbeddedReplicatedPostgres cluster = cluster();
		try (Connection connection = java.sql.DriverManager.getConnection(cluster.primary().jdbcUrl(), cluster.username(),
				cluster.password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/** Waits until the replica replayed everything the primary committed so far. */
	public static void awaitReplica() {
		cluster().awaitReplicasCaughtUp(java.time.Duration.ofSeconds(30));
	}

}
