package dev.tether.test.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Small JDBC helpers for the tests, connecting as the application user with MySQL's driver. */
final class MySqlJdbc {

	private MySqlJdbc() {
	}

	static Connection connect(EmbeddedReplicatedMySql mysql, MySqlNode node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl(), mysql.username(), mysql.password());
	}

	static String queryString(EmbeddedReplicatedMySql mysql, MySqlNode node, String sql) throws SQLException {
		try (Connection connection = connect(mysql, node); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	/** Creates a fresh table {@code (id varchar primary key, n int)} on the primary and returns its name. */
	static String createTable(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = "t_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = connect(mysql, mysql.primary()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE " + table + " (id VARCHAR(64) PRIMARY KEY, n INT NOT NULL DEFAULT 0)"
					+ " ENGINE=InnoDB");
		}
		return table;
	}

	static String insertRow(EmbeddedReplicatedMySql mysql, String table) throws SQLException {
		String id = UUID.randomUUID().toString();
		try (Connection connection = connect(mysql, mysql.primary());
				PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
			statement.setString(1, id);
			statement.executeUpdate();
		}
		return id;
	}

	/** Whether the row is visible on the node; a missing table (not replicated yet) counts as not visible. */
	static boolean rowVisible(EmbeddedReplicatedMySql mysql, MySqlNode node, String table, String id)
			throws SQLException {
		try (Connection connection = connect(mysql, node);
				PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE id = ?")) {
			statement.setString(1, id);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1) == 1;
			}
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() == 1146) { // table doesn't exist
				return false;
			}
			throw ex;
		}
	}

}
