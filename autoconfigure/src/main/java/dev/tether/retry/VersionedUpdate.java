package dev.tether.retry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tether.routing.CommitSettling;
import dev.tether.sql.SqlIdentifiers;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Optimistic locking for {@code JdbcTemplate} users: updates a row only if it still has the
 * version the caller read, bumps the version, and throws Spring's
 * {@link OptimisticLockingFailureException} when no row matched, which {@code @RetryOptimistic}
 * retries.
 * <pre class="code">
 * VersionedUpdate.of(jdbc, "product").set("stock", stock - 1).where("id", id).ifVersion(version).execute();
 * </pre>
 * Runs {@code UPDATE product SET stock = ?, version = version + 1 WHERE id = ? AND version = ?}.
 * Table and column names are checked to be plain identifiers; values are always bound.
 */
public final class VersionedUpdate {

	private final JdbcOperations jdbc;

	private final String table;

	private final List<String> columns = new ArrayList<>();

	private final List<Object> values = new ArrayList<>();

	private String versionColumn = "version";

	private String idColumn;

	private Object id;

	private Long version;

	private VersionedUpdate(JdbcOperations jdbc, String table) {
		this.jdbc = jdbc;
		this.table = SqlIdentifiers.requirePlain(table);
	}

	/**
	 * Starts an update of a table.
	 * @param jdbc how to run it, usually a {@code JdbcTemplate}
	 * @param table the table
	 * @return the update to describe
	 */
	public static VersionedUpdate of(JdbcOperations jdbc, String table) {
		return new VersionedUpdate(jdbc, table);
	}

	/**
	 * Sets a column.
	 * @param column the column
	 * @param value its new value
	 * @return this update
	 */
	public VersionedUpdate set(String column, Object value) {
		this.columns.add(SqlIdentifiers.requirePlain(column));
		this.values.add(value);
		return this;
	}

	/**
	 * Sets several columns.
	 * @param values new values by column
	 * @return this update
	 */
	public VersionedUpdate set(Map<String, ?> values) {
		values.forEach(this::set);
		return this;
	}

	/**
	 * Names the version column, {@code version} by default.
	 * @param column the version column
	 * @return this update
	 */
	public VersionedUpdate versionColumn(String column) {
		this.versionColumn = SqlIdentifiers.requirePlain(column);
		return this;
	}

	/**
	 * Identifies the row.
	 * @param column the key column
	 * @param id the key
	 * @return this update
	 */
	public VersionedUpdate where(String column, Object id) {
		this.idColumn = SqlIdentifiers.requirePlain(column);
		this.id = id;
		return this;
	}

	/**
	 * Gives the version the caller read.
	 * @param version the expected version
	 * @return this update
	 */
	public VersionedUpdate ifVersion(long version) {
		this.version = version;
		return this;
	}

	/**
	 * Runs the update.
	 * @return the row's new version
	 * @throws StaleRowException (an {@link OptimisticLockingFailureException}) when the row is gone or has
	 *     another version
	 */
	public long execute() {
		if (this.idColumn == null || this.version == null || this.columns.isEmpty()) {
			throw new IllegalStateException("A versioned update of " + this.table
					+ " needs at least one set(...), where(...) and ifVersion(...)");
		}
		StringBuilder sql = new StringBuilder("UPDATE ").append(this.table).append(" SET ");
		for (String column : this.columns) {
			sql.append(column).append(" = ?, ");
		}
		sql.append(this.versionColumn).append(" = ").append(this.versionColumn).append(" + 1 WHERE ")
			.append(this.idColumn).append(" = ? AND ").append(this.versionColumn).append(" = ?");
		List<Object> arguments = new ArrayList<>(this.values);
		arguments.add(this.id);
		arguments.add(this.version);
		Integer updated = this.jdbc.execute((ConnectionCallback<Integer>) connection -> run(connection,
				sql.toString(), arguments.toArray()));
		int rows = (updated != null) ? updated : 0;
		if (rows == 0) {
			throw new StaleRowException(this.table, this.idColumn, this.id, this.version);
		}
		return this.version + 1;
	}

	/**
	 * Runs the update on the transaction's connection. Inside a retry boundary on a PostgreSQL 13+
	 * primary the statement also returns its transaction's id, which the commit would otherwise ask
	 * for in a round trip of its own before {@code COMMIT} (see {@link CommitSettling}): the
	 * optimistic path then costs the same round trips as a {@code SELECT ... FOR UPDATE}.
	 */
	private static int run(Connection connection, String sql, Object[] arguments) throws SQLException {
		String returning = CommitSettling.transactionIdClause(connection);
		try (PreparedStatement statement = connection.prepareStatement((returning != null) ? sql + returning : sql)) {
			new ArgumentPreparedStatementSetter(arguments).setValues(statement);
			if (returning == null) {
				return statement.executeUpdate();
			}
			int rows = 0;
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					if (rows++ == 0) {
						CommitSettling.transactionIdReturned(connection, result);
					}
				}
			}
			return rows;
		}
	}

}
