package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import org.springframework.util.ClassUtils;

/**
 * What pgjdbc knows of a connection without a round trip, asked through {@code unwrap}; loaded
 * only when pgjdbc is on the class path, and with another driver nothing is known.
 * <ul>
 * <li>Whether the transaction has already failed (the server's last ready-for-query said so):
 * after a statement failed and the application caught the error, {@code COMMIT} rolls the
 * transaction back, and pgjdbc reports that as a success unless
 * {@code raiseExceptionOnSilentRollback} is set. The query before {@code COMMIT} used to reveal it
 * by failing; a commit whose id a statement returned sends no query, so it asks the driver.</li>
 * <li>Whether batched inserts are rewritten into multi-row ones ({@code reWriteBatchedInserts}):
 * an insert that may be batched then keeps its text, so that appending {@code RETURNING} cannot
 * cost the application that rewrite.</li>
 * </ul>
 */
final class PgjdbcConnections {

	private static final boolean PGJDBC = ClassUtils.isPresent("org.postgresql.core.BaseConnection",
			PgjdbcConnections.class.getClassLoader());

	private PgjdbcConnections() {
	}

	/** Whether pgjdbc says the connection's transaction failed; {@code false} when it cannot say. */
	static boolean hasFailedTransaction(Connection physical) {
		return PGJDBC && Pgjdbc.hasFailedTransaction(physical);
	}

	/** Whether pgjdbc rewrites the connection's batched inserts; {@code false} when it cannot say. */
	static boolean rewritesBatchedInserts(Connection physical) {
		return PGJDBC && Pgjdbc.rewritesBatchedInserts(physical);
	}

	/** Touches pgjdbc's types only once they are known to be there. */
	private static final class Pgjdbc {

		static boolean hasFailedTransaction(Connection physical) {
			BaseConnection connection = unwrapped(physical);
			return connection != null && connection.getTransactionState() == TransactionState.FAILED;
		}

		static boolean rewritesBatchedInserts(Connection physical) {
			BaseConnection connection = unwrapped(physical);
			return connection != null && connection.getQueryExecutor().isReWriteBatchedInsertsEnabled();
		}

		private static BaseConnection unwrapped(Connection physical) {
			try {
				return physical.isWrapperFor(BaseConnection.class) ? physical.unwrap(BaseConnection.class) : null;
			}
			catch (SQLException ex) {
				return null;
			}
		}

	}

}
