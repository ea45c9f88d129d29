package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.tether.sql.SqlDialect;
import dev.tether.sql.SqlKind;

/**
 * The row budget of one logical connection's transactions ({@code tether.guard.max-rows-per-transaction}):
 * adds up the rows its statements on the primary change, from their update counts, and holds
 * them against the limit. Above the limit with the action {@code FAIL} the statement throws and the
 * transaction can only roll back ({@link #failure()}); {@link StatementGuard} words the verdict.
 * Only logical connections of a router with a row limit have one, and only the primary's
 * statements are counted ({@link RowCountingStatement} and its prepared and callable kin).
 * Not thread-safe, like the connection.
 */
final class RowBudget {

	private final StatementGuard guard;

	private final StatementIntake intake;

	private final SqlDialect dialect;

	private long rowsChanged;

	private boolean reported;

	/** Why the current transaction can only roll back: it went above the limit, which fails. */
	private StatementGuardException failure;

	RowBudget(StatementGuard guard, StatementIntake intake, SqlDialect dialect) {
		this.guard = guard;
		this.intake = intake;
		this.dialect = dialect;
	}

	/** Refuses any statement of a transaction that already went above the limit. */
	void checkNotExceeded() {
		if (this.failure != null) {
			throw this.guard.afterRowLimit();
		}
	}

	/** The failure of the current transaction, {@code null} unless it went above the limit with {@code FAIL}. */
	StatementGuardException failure() {
		return this.failure;
	}

	/** A transaction ended: the next one starts from zero. */
	void reset() {
		this.rowsChanged = 0;
		this.reported = false;
		this.failure = null;
	}

	/**
	 * Runs a statement on the primary and holds the rows it changed against the limit. In a
	 * transaction they add to the transaction's count. In auto-commit mode the statement is its own
	 * transaction: a write runs in an explicit one, so that going above the limit rolls it back
	 * instead of having committed it already.
	 * @param physical the primary's physical connection the statement runs on
	 * @param autoCommit whether the logical connection is in auto-commit mode
	 * @param sql the statement's SQL, {@code null} for a batch of plain statements
	 * @param mayRead whether the execution may be a query ({@code execute()}), judged by its SQL
	 * @param statement the driver's statement, asked for the update count of {@code execute()}
	 */
	<T> T execute(Connection physical, boolean autoCommit, String sql, boolean mayRead, Statement statement,
			Execution<T> execution) throws SQLException {
		if (!autoCommit) {
			T result = execution.run();
			add(rowsOf(result, statement), sql);
			return result;
		}
		if (mayRead && sql != null && this.intake.kindOf(sql) != SqlKind.WRITE) {
			return execution.run();
		}
		physical.setAutoCommit(false);
		try {
			T result;
			try {
				result = execution.run();
				long rows = rowsOf(result, statement);
				if (rows > this.guard.settings().maxRowsPerTransaction()) {
					this.guard.rowLimitExceeded(rows, sql, this.dialect);
				}
			}
			catch (SQLException | RuntimeException | Error ex) {
				try {
					physical.rollback();
				}
				catch (SQLException rollbackFailure) {
					ex.addSuppressed(rollbackFailure);
				}
				throw ex;
			}
			physical.commit();
			return result;
		}
		finally {
			physical.setAutoCommit(true);
		}
	}

	private void add(long rows, String sql) {
		this.rowsChanged += rows;
		if (!this.reported && this.rowsChanged > this.guard.settings().maxRowsPerTransaction()) {
			this.reported = true;
			try {
				this.guard.rowLimitExceeded(this.rowsChanged, sql, this.dialect);
			}
			catch (StatementGuardException ex) {
				this.failure = ex;
				throw ex;
			}
		}
	}

	/** Rows changed by an execution: its update count, the sum of a batch's known counts. */
	static long rowsOf(Object result, Statement statement) throws SQLException {
		if (result instanceof Integer count) {
			return Math.max(count, 0);
		}
		if (result instanceof Long count) {
			return Math.max(count, 0);
		}
		if (result instanceof Boolean resultSet) {
			// execute(): the first result is an update count unless it is a result set
			return resultSet ? 0 : Math.max(statement.getUpdateCount(), 0);
		}
		long rows = 0;
		if (result instanceof int[] counts) {
			for (int count : counts) {
				rows += Math.max(count, 0); // SUCCESS_NO_INFO (-2): the driver did not say
			}
		}
		else if (result instanceof long[] counts) {
			for (long count : counts) {
				rows += Math.max(count, 0);
			}
		}
		return rows;
	}

	/**
	 * One execution of a statement. A lambda per execution is an allocation, paid only on the
	 * primary and only while a row limit is set: never on the read path.
	 */
	@FunctionalInterface
	interface Execution<T> {

		T run() throws SQLException;

	}

}
