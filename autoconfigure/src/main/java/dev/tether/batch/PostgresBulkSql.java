package dev.tether.batch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL: {@code SET LOCAL lock_timeout}, which ends with the transaction, and the chunk's keys
 * as one bound array ({@code = ANY(?)}), so no limit on bind parameters applies.
 */
final class PostgresBulkSql implements BulkSql {

	@Override
	public Restore begin(Connection connection, Duration lockTimeout) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
		}
		return Restore.NOTHING;
	}

	@Override
	public long update(Connection connection, BulkSpec change, List<Object> keys) throws SQLException {
		String sql = "UPDATE " + change.table() + " SET " + change.set() + " WHERE " + change.key() + " = ANY(?) AND ("
				+ change.where() + ")";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			Array array = connection.createArrayOf(arrayType(keys.get(0)), keys.toArray());
			statement.setArray(1, array);
			BulkSpec.bind(statement, 2, change.whereArguments());
			return statement.executeLargeUpdate();
		}
	}

	private static String arrayType(Object key) {
		if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof BigInteger) {
			return "bigint";
		}
		if (key instanceof UUID) {
			return "uuid";
		}
		if (key instanceof BigDecimal) {
			return "numeric";
		}
		return "text";
	}

}
