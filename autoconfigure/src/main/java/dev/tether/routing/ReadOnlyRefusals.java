package dev.tether.routing;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Recognises a database refusing a statement because the node or the transaction is read-only:
 * MySQL and MariaDB error 1290 for {@code --read-only} (or {@code --super-read-only}), 1792 (a
 * {@code READ ONLY} transaction) and 1836 (read-only mode), and SQLState {@code 25006}
 * (PostgreSQL's {@code cannot execute ... in a read-only transaction}, and MySQL's 1792).
 * <p>
 * Tether refuses writes and locking reads in replica-routed transactions before they are sent, so a
 * replica answering this means a statement the SQL classifier judged replica-safe wrote after all:
 * a routing bug, or a stored function with side effects that no lexical classifier can see.
 */
public final class ReadOnlyRefusals {

	/** MySQL's ER_OPTION_PREVENTS_STATEMENT: "running with the --%s option", read-only among others. */
	private static final int OPTION_PREVENTS_STATEMENT = 1290;

	/** MySQL's ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION. */
	private static final int READ_ONLY_TRANSACTION = 1792;

	/** MySQL's ER_READ_ONLY_MODE (InnoDB read-only). */
	private static final int READ_ONLY_MODE = 1836;

	private ReadOnlyRefusals() {
	}

	/**
	 * Tells whether a database error says the node or transaction is read-only.
	 * @param failure the error, not {@code null}
	 * @return whether it is a read-only refusal
	 */
	public static boolean isReadOnlyRefusal(SQLException failure) {
		int code = failure.getErrorCode();
		if (code == READ_ONLY_TRANSACTION || code == READ_ONLY_MODE || "25006".equals(failure.getSQLState())) {
			return true;
		}
		// 1290 also names --secure-file-priv, --skip-grant-tables and others: only the read-only ones count
		return code == OPTION_PREVENTS_STATEMENT && failure.getMessage() != null
				&& failure.getMessage().toLowerCase(Locale.ROOT).contains("read-only");
	}

}
