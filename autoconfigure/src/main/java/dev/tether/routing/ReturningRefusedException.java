package dev.tether.routing;

import java.sql.SQLException;

/**
 * The note Tether adds (as a suppressed exception) to a statement's failure when the table refused
 * the {@code RETURNING pg_current_xact_id()} that Tether had appended to it
 * ({@link CommitSettling#transactionIdClause(java.sql.Connection, String)}): a {@code DO INSTEAD}
 * rule or row-level security that the catalog did not show when Tether read it. The statement
 * changed nothing and its transaction is rolled back; the table's next statements go without the
 * clause. {@code @RetryOptimistic} re-runs such a transaction at once (conflict kind
 * {@code returning-refused}), so the caller sees the result of the run without the clause.
 */
public final class ReturningRefusedException extends SQLException {

	private final String table;

	ReturningRefusedException(String table) {
		super("Tether had appended RETURNING pg_current_xact_id() to this statement, to settle a lost commit"
				+ " answer without a query before COMMIT; " + table + " refused it (a rule or row-level security"
				+ " that its catalog did not show when Tether read it), so its next statements go without it, and"
				+ " @RetryOptimistic re-runs the transaction. Set tether.retry.writes-return-transaction-id=false"
				+ " to never append it to JPA or JdbcTemplate writes.");
		this.table = table;
	}

	/**
	 * Returns the table that refused the clause.
	 * @return its name, as the statement wrote it
	 */
	public String getTable() {
		return this.table;
	}

	/**
	 * Returns whether a failure carries this note: the statement that failed was Tether's rewrite.
	 * @param failure a failure of a statement
	 * @return {@code true} if one of its suppressed exceptions is this note
	 */
	public static boolean isNotedOn(Throwable failure) {
		for (Throwable note : failure.getSuppressed()) {
			if (note instanceof ReturningRefusedException) {
				return true;
			}
		}
		return false;
	}

}
