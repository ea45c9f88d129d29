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
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.SqlProvider;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

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

	// most updates set one or two columns: the lists' default capacity of ten was 48 B of each order
	private final List<String> columns = new ArrayList<>(4);

	private final List<Object> values = new ArrayList<>(4);

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
		Update update = new Update();
		Integer updated = this.jdbc.execute(update, update);
		int rows = (updated != null) ? updated : 0;
		if (rows == 0) {
			throw new StaleRowException(this.table, this.idColumn, this.id, this.version);
		}
		return this.version + 1;
	}

	/**
	 * The statement, prepared on the transaction's own connection. Inside a retry boundary on a
	 * PostgreSQL 13+ primary, on a table that takes {@code RETURNING} (no rule, no row-level
	 * security), it also returns its transaction's id, which the commit would otherwise
	 * ask for in a round trip of its own before {@code COMMIT} (see {@link CommitSettling}): the
	 * optimistic path then costs the same round trips as a {@code SELECT ... FOR UPDATE}. One object
	 * per call for the whole statement, since an update runs once per attempt on a hot path.
	 */
	private final class Update implements PreparedStatementCreator, PreparedStatementCallback<Integer>, SqlProvider {

		private Connection connection;

		private boolean returning;

		private String sql;

		@Override
		public PreparedStatement createPreparedStatement(Connection connection) throws SQLException {
			String clause = CommitSettling.transactionIdClause(connection, VersionedUpdate.this.table);
			this.connection = connection;
			this.returning = clause != null;
			this.sql = sql(clause);
			PreparedStatement statement = connection.prepareStatement(this.sql);
			List<Object> values = VersionedUpdate.this.values;
			for (int i = 0; i < values.size(); i++) {
				bind(statement, i + 1, values.get(i));
			}
			bind(statement, values.size() + 1, VersionedUpdate.this.id);
			bind(statement, values.size() + 2, VersionedUpdate.this.version);
			return statement;
		}

		/** As {@code JdbcTemplate.update(sql, args)} binds an argument. */
		private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
			if (value instanceof SqlParameterValue typed) {
				StatementCreatorUtils.setParameterValue(statement, index, typed, typed.getValue());
			}
			else {
				StatementCreatorUtils.setParameterValue(statement, index, SqlTypeValue.TYPE_UNKNOWN, value);
			}
		}

		private String sql(String clause) {
			return VersionedSql.RECENT.sql(VersionedUpdate.this.table, VersionedUpdate.this.columns,
					VersionedUpdate.this.versionColumn, VersionedUpdate.this.idColumn, clause);
		}

		@Override
		public String getSql() {
			return this.sql;
		}

		/** Runs it: the rows it changed. */
		@Override
		public Integer doInPreparedStatement(PreparedStatement statement) throws SQLException {
			if (!this.returning) {
				return statement.executeUpdate();
			}
			int rows = 0;
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					if (rows++ == 0) {
						CommitSettling.transactionIdReturned(this.connection, result);
					}
				}
			}
			catch (SQLException ex) {
				// a table with a rule or row-level security that Tether had not seen: noted, so that
				// the boundary's re-run goes without the clause
				throw CommitSettling.transactionIdRefused(this.connection, VersionedUpdate.this.table, ex);
			}
			return rows;
		}

	}

}
