package dev.tether.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * MySQL and MariaDB: the lock timeout is the session's {@code innodb_lock_wait_timeout} (whole
 * seconds, at least one), set for the chunk and put back afterwards, because a session variable
 * outlives the transaction and the pooled connection goes on to other work. The chunk runs at
 * {@code READ COMMITTED} (also put back): at InnoDB's default, repeatable read, an {@code UPDATE}
 * that scans keeps a lock on every row it reads, matching or not, and waits for rows that other
 * transactions hold; at read committed it skips locked rows that do not match (semi-consistent
 * read) and takes no gap locks, so a chunk locks its own rows only. (MariaDB's
 * {@code SET STATEMENT ... FOR} would scope it to one statement, but MySQL has no equivalent, and
 * MySQL Connector/J reports a MariaDB server as "MySQL".) Neither has array parameters, so the
 * keys are matched with {@code IN (?, ?, ...)} lists of at most {@value #KEYS_PER_STATEMENT}, all in
 * the chunk's one transaction. Each list is also bounded by its first and last key
 * ({@code BETWEEN}): with a long {@code IN} list alone the optimizer may scan the table, and an
 * {@code UPDATE} that scans locks every row it reads (repeatable read), so one chunk would wait on
 * rows of other chunks.
 */
final class MySqlBulkSql implements BulkSql {

	/** Keys bound per {@code UPDATE}: far below any driver's limit on bind parameters (65,535). */
	static final int KEYS_PER_STATEMENT = 1000;

	@Override
	public Restore begin(Connection connection, Duration lockTimeout) throws SQLException {
		// before any statement: the isolation level applies from the transaction's start
		int isolation = connection.getTransactionIsolation();
		if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
			connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		}
		long previous;
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@SESSION.innodb_lock_wait_timeout")) {
			result.next();
			previous = result.getLong(1);
		}
		long seconds = Math.max(1, (lockTimeout.toMillis() + 999) / 1000);
		if (previous != seconds) {
			set(connection, seconds);
		}
		return (restored) -> {
			if (previous != seconds) {
				set(restored, previous);
			}
			if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
				restored.setTransactionIsolation(isolation);
			}
		};
	}

	private static void set(Connection connection, long seconds) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET SESSION innodb_lock_wait_timeout = " + seconds);
		}
	}

	@Override
	public long update(Connection connection, BulkSpec change, List<Object> keys) throws SQLException {
		long changed = 0;
		for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
			List<Object> group = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT));
			StringBuilder sql = new StringBuilder(64 + group.size() * 3).append("UPDATE ")
				.append(change.table())
				.append(" SET ")
				.append(change.set())
				.append(" WHERE ")
				.append(change.key())
				.append(" BETWEEN ? AND ? AND ")
				.append(change.key())
				.append(" IN (");
			for (int i = 0; i < group.size(); i++) {
				sql.append((i == 0) ? "?" : ", ?");
			}
			sql.append(") AND (").append(change.where()).append(')');
			try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
				statement.setObject(1, group.get(0));
				statement.setObject(2, group.get(group.size() - 1));
				int index = BulkSpec.bind(statement, 3, group.toArray());
				BulkSpec.bind(statement, index, change.whereArguments());
				changed += statement.executeLargeUpdate();
			}
		}
		return changed;
	}

}
