package dev.tether.test.assertj;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The database node that answered on a connection, as the node itself tells it: whether it is a
 * replica, its port and, on MySQL or MariaDB, its server id. Asked of the database, never of the
 * router, so a routing test proves where the work really ran.
 *
 * @param replica whether the node is a read-only replica (PostgreSQL {@code pg_is_in_recovery()},
 * MySQL/MariaDB {@code @@read_only}, which MySQL's {@code super_read_only} also sets)
 * @param port the port the node listens on ({@code inet_server_port()}, {@code @@port})
 * @param serverId MySQL/MariaDB {@code @@server_id}; 0 on PostgreSQL
 */
public record AnsweringNode(boolean replica, int port, long serverId) {

	/**
	 * Asks the node behind a connection who it is, with one query on that connection, so inside a
	 * transaction the answer is the transaction's own node. PostgreSQL is told by the driver's product
	 * name; everything else is asked as MySQL and MariaDB are (through MySQL's driver, which names the
	 * product {@code MySQL}, or MariaDB's, which names a MySQL server {@code MySQL} too).
	 * @param connection an open connection (for a Spring transaction: the one it is bound to)
	 * @return the node
	 * @throws SQLException when the query fails
	 */
	public static AnsweringNode of(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		boolean postgres = product.contains("postgres");
		String sql = postgres ? "SELECT pg_is_in_recovery(), inet_server_port(), 0"
				: "SELECT @@read_only <> 0, @@port, @@server_id";
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return new AnsweringNode(result.getBoolean(1), result.getInt(2), result.getLong(3));
		}
	}

	@Override
	public String toString() {
		return (this.replica ? "replica" : "primary") + " on port " + this.port
				+ ((this.serverId != 0) ? " (server id " + this.serverId + ")" : "");
	}

}
