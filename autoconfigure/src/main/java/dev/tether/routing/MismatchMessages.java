package dev.tether.routing;

import java.util.regex.Pattern;

import dev.tether.sql.SqlDialect;
import dev.tether.sql.SqlKind;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Builds the message of a {@link ReplicaMismatchException}: the method, the statement and the fix. */
final class MismatchMessages {

	/** String literals are masked: a statement may carry a password or personal data. */
	private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");

	/**
	 * MySQL's strings: single or double quotes, backslash escapes; an unterminated one is masked to
	 * the end, so a quote the pattern misreads can only hide more, never reveal a literal.
	 */
	private static final Pattern MYSQL_STRING_LITERAL = Pattern
		.compile("'(?:[^'\\\\]|''|\\\\.)*(?:'|$)|\"(?:[^\"\\\\]|\"\"|\\\\.)*(?:\"|$)", Pattern.DOTALL);

	private static final int MAX_STATEMENT_LENGTH = 200;

	private MismatchMessages() {
	}

	static ReplicaMismatchException exception(SqlKind kind, String sql, String replica, SqlDialect dialect) {
		String transaction = TransactionSynchronizationManager.getCurrentTransactionName();
		String where = (transaction != null) ? "the read-only transaction of " + transaction
				: "a read-only transaction";
		String node = (replica != null) ? "replica '" + replica + "'" : "a replica";
		String what = (kind == SqlKind.LOCKING_READ) ? "a locking read, which only the primary can hold locks for"
				: "a write, which only the primary accepts";
		String message = "Tether refused a " + kind.name() + " statement in " + where + ", routed to " + node
				+ ": the statement is " + what + ". Nothing was sent to the database. Statement: "
				+ describe(sql, dialect) + ". Fix: remove readOnly = true from the @Transactional of "
				+ ((transaction != null) ? transaction : "that method")
				+ " (a transaction that writes or locks rows is not read-only), or move the statement into its"
				+ " own read-write transaction, for example a method with"
				+ " @Transactional(propagation = Propagation.REQUIRES_NEW).";
		return new ReplicaMismatchException(message, kind, transaction);
	}

	/** The statement for a message: string literals masked, whitespace collapsed, at most 200 characters. */
	static String describe(String sql, SqlDialect dialect) {
		Pattern literals = (dialect == SqlDialect.MYSQL) ? MYSQL_STRING_LITERAL : STRING_LITERAL;
		String masked = literals.matcher(sql.strip()).replaceAll("'***'");
		masked = masked.replaceAll("\\s+", " ");
		return (masked.length() > MAX_STATEMENT_LENGTH) ? masked.substring(0, MAX_STATEMENT_LENGTH) + "..." : masked;
	}

}
