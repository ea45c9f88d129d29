package dev.tether.routing;

import dev.tether.sql.SqlDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies the {@link StatementGuards} of a router: refuses or reports unbounded DML before it is
 * sent, and judges the rows a transaction changed. The count itself lives in the logical
 * connection, which knows where its transactions begin and end. Thread-safe and immutable.
 */
final class StatementGuard {

	private static final Log logger = LogFactory.getLog(StatementGuard.class);

	private final StatementGuards settings;

	private final RoutingListener listener;

	StatementGuard(StatementGuards settings, RoutingListener listener) {
		this.settings = settings;
		this.listener = listener;
	}

	StatementGuards settings() {
		return this.settings;
	}

	/**
	 * Refuses (or reports) an {@code UPDATE} or {@code DELETE} without {@code WHERE}; runs before
	 * the statement is prepared or sent, so a refused one changes nothing.
	 */
	void checkStatement(String sql, boolean unbounded, SqlDialect dialect) {
		GuardAction action = this.settings.unboundedDml();
		if (action == GuardAction.OFF || !unbounded) {
			return;
		}
		this.listener.onGuardViolation(GuardRule.UNBOUNDED_DML, action == GuardAction.FAIL);
		String verb = verbOf(sql);
		String statement = MismatchMessages.describe(sql, dialect);
		if (action == GuardAction.FAIL) {
			throw new StatementGuardException("Tether refused " + verb + " without a WHERE clause in " + where()
					+ ": it would change every row of its table. Nothing was sent to the database. Statement: "
					+ statement + ". Fix: add a WHERE clause (a change of the whole table on purpose can say so with"
					+ " WHERE true, or use TRUNCATE), run a large change in short chunks with dev.tether.batch.BulkUpdater,"
					+ " or set tether.guard.unbounded-dml=warn (or off).", GuardRule.UNBOUNDED_DML);
		}
		logger.warn("Tether let " + verb + " without a WHERE clause through (tether.guard.unbounded-dml=warn) in "
				+ where() + ": it changes every row of its table. Statement: " + statement);
	}

	/**
	 * Judges a transaction whose changed rows have just gone above the limit: throws when the
	 * action is {@link GuardAction#FAIL} (the caller has marked the transaction for rollback), logs
	 * otherwise.
	 * @param rows the rows the transaction changed so far
	 * @param sql the statement that took it over the limit
	 */
	void rowLimitExceeded(long rows, String sql, SqlDialect dialect) {
		boolean fail = this.settings.maxRowsAction() == GuardAction.FAIL;
		this.listener.onGuardViolation(GuardRule.MAX_ROWS, fail);
		String statement = (sql != null) ? MismatchMessages.describe(sql, dialect) : "a batch";
		String limit = "tether.guard.max-rows-per-transaction=" + this.settings.maxRowsPerTransaction();
		if (fail) {
			throw rolledBack(rows, statement, limit);
		}
		logger.warn("Tether let " + where() + " change " + rows + " rows, more than " + limit
				+ " (tether.guard.max-rows-action=warn), at statement: " + statement);
	}

	/** The failure of a transaction that went above the row limit, and of anything it tries afterwards. */
	private static StatementGuardException rolledBack(long rows, String statement, String limit) {
		return new StatementGuardException("Tether failed " + where() + ": it changed " + rows
				+ " rows, more than " + limit + ", at statement: " + statement
				+ ". The transaction is rolled back: none of its changes are committed. Fix: run a large change in"
				+ " short chunks with dev.tether.batch.BulkUpdater, narrow the statement, or raise"
				+ " tether.guard.max-rows-per-transaction (tether.guard.max-rows-action=warn only logs).",
				GuardRule.MAX_ROWS);
	}

	StatementGuardException afterRowLimit() {
		return new StatementGuardException("Tether refused a statement in " + where()
				+ ", which already changed more rows than tether.guard.max-rows-per-transaction="
				+ this.settings.maxRowsPerTransaction() + " and can only roll back. Nothing was sent to the database.",
				GuardRule.MAX_ROWS);
	}

	/** "an UPDATE" or "a DELETE", whichever word comes first; a comment naming the other one may mislead it, never hide the statement. */
	private static String verbOf(String sql) {
		String lower = sql.toLowerCase(java.util.Locale.ROOT);
		int update = lower.indexOf("update");
		int delete = lower.indexOf("delete");
		return (update >= 0 && (delete < 0 || update < delete)) ? "an UPDATE" : "a DELETE";
	}

	private static String where() {
		String transaction = TransactionSynchronizationManager.getCurrentTransactionName();
		return (transaction != null) ? "the transaction of " + transaction : "a transaction";
	}

}
