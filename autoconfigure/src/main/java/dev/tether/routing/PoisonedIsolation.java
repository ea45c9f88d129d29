package dev.tether.routing;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A HikariCP pool that can no longer set up connections because its first one broke while HikariCP
 * read the server's default transaction isolation (HikariCP issue #1944, open in 7.0.2): the
 * failure (SQLState class 08) is swallowed, the level stays -1, and every new connection then
 * fails at {@code setTransactionIsolation(-1)} ("Unsupported transaction isolation level", "Transaction
 * isolation level -1 not supported."). A replica restarting while its pool made its first
 * connection is enough. The pool never recovers, and reads would wait for it at every attempt; the
 * router therefore marks such a replica down at once ({@link FallbackCause#CONNECTION_FAILED}) and
 * says once, at ERROR, what happened and what prevents it: an isolation level set on the pool,
 * which replica pools created by Tether take from the primary's pool. Thread-safe.
 */
final class PoisonedIsolation {

	private static final Log logger = LogFactory.getLog(PoisonedIsolation.class);

	/** HikariCP's wrapper of a failure to set up a new connection (package-private in HikariCP). */
	private static final String SETUP_FAILURE = "com.zaxxer.hikari.pool.PoolBase$ConnectionSetupException";

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	/**
	 * Whether a failure is HikariCP's failure to set up a new connection.
	 * @param failure one failure of a cause chain
	 * @return {@code true} for HikariCP's {@code ConnectionSetupException}
	 */
	static boolean isSetupFailure(Throwable failure) {
		return failure.getClass().getName().equals(SETUP_FAILURE);
	}

	/**
	 * Logs, once per replica, that its pool is in that state, when the failure says so.
	 * @param replica the replica's name
	 * @param failure what its pool threw
	 */
	void reportIfPoisoned(String replica, Throwable failure) {
		Throwable cause = setupFailureCause(failure);
		if (cause == null || !String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("isolation level")
				|| !this.reported.add(replica)) {
			return;
		}
		logger.error("Replica '" + replica + "': its HikariCP pool cannot set up new connections (" + cause.getMessage()
				+ "). Its first connection broke while HikariCP read the default transaction isolation, which leaves"
				+ " the pool setting level -1 on every new connection (HikariCP issue #1944); reads go to the primary"
				+ " and the replica is marked down at each attempt. Restart the application to recover. To prevent"
				+ " it, set the isolation on the pool: spring.datasource.hikari.transaction-isolation (the replica"
				+ " pools Tether creates take it from the primary's pool), or transactionIsolation on your own"
				+ " replica pool.");
	}

	private static Throwable setupFailureCause(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < 10; depth++, current = current.getCause()) {
			if (isSetupFailure(current)) {
				return current.getCause();
			}
		}
		return null;
	}

}
