package dev.tether.test.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Small JDBC helpers for the tests, connecting as the application role. */
final class Jdbc {

	private Jdbc() {
	}

	static Connection connect(EmbeddedReplicatedPostgres postgres, PostgresNode node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl(), postgres.username(), postgres.password());
	}

	static boolean queryBoolean(EmbeddedReplicatedPostgres postgres, PostgresNode node, String sql) throws SQLException {
		try (Connection connection = connect(postgres, node); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getBoolean(1);
		}
	}

	/** Creates a fresh table {@code (id text primary key)} on the primary and returns its name. */
	static String createTable(EmbeddedReplicatedPostgres postgres) throws SQLException {
		String table = "t_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = connect(postgres, postgres.primary());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE " + table + " (id text PRIMARY KEY)");
		}
		return table;
	}

	static String insertRow(EmbeddedReplicatedPostgres postgres, String table) throws SQLException {
		String id = UUID.randomUUID().toString();
		try (Connection connection = connect(postgres, postgres.primary());
				PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
			statement.setString(1, id);
			statement.executeUpdate();
		}
		return id;
	}

	/** Whether the row is visible on the node; a missing table (not replayed yet) counts as not visible. */
	static boolean rowVisible(EmbeddedReplicatedPostgres postgres, PostgresNode node, String table, String id)
			throws SQLException {
		try (Connection connection = connect(postgres, node);
				PreparedStatement statement = connection.prepareStatement(
						"SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = ?)")) {
			statement.setString(1, id);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
		catch (SQLException ex) {
			if ("42P01".equals(ex.getSQLState())) {
				return false;
			}
			throw ex;
		}
	}

}
