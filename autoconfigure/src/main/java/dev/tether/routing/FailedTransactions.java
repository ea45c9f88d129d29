package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import org.springframework.util.ClassUtils;

/**
 * Whether a PostgreSQL transaction has already failed, as pgjdbc knows without a round trip (the
 * server's last ready-for-query said so): after a statement failed and the application caught the
 * error, {@code COMMIT} rolls the transaction back, and pgjdbc reports that as a success unless
 * {@code raiseExceptionOnSilentRollback} is set. The query before {@code COMMIT} used to reveal it
 * by failing; a commit whose id a statement returned sends no query, so it asks the driver.
 * Loaded only when pgjdbc is on the class path; with another driver nothing is known.
 */
final class FailedTransactions {

	private static final boolean PGJDBC = ClassUtils.isPresent("org.postgresql.core.BaseConnection",
			FailedTransactions.class.getClassLoader());

	private FailedTransactions() {
	}

	/** Whether pgjdbc says the connection's transaction failed; {@code false} when it cannot say. */
	static boolean hasFailed(Connection physical) {
		return PGJDBC && Pgjdbc.hasFailed(physical);
	}

	/** Touches pgjdbc's types only once they are known to be there. */
	private static final class Pgjdbc {

		static boolean hasFailed(Connection physical) {
			try {
				return physical.isWrapperFor(BaseConnection.class)
						&& physical.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED;
			}
			catch (SQLException ex) {
				return false;
			}
		}

	}

}
