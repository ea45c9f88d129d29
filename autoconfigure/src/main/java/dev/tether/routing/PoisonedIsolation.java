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
 * connection is enough. The pool never recovers by itself, and reads would wait for it at every
 * attempt. A pool that Tether created ({@link RenewableReplicaPool}) is therefore replaced by a new
 * one with the same settings, and the replica marked down until the probe readmits it; a pool of
 * the application's own is not Tether's to replace, so such a replica is held down until the
 * application restarts (its probe, on a pool of its own, would readmit it every round). Either way
 * it says at ERROR, once per replica, what happened and what prevents it: an isolation level set on
 * the pool, which replica pools created by Tether take from the primary's pool. Any other failure
 * to set up a connection marks the replica down as a connection failure
 * ({@link FallbackCause#CONNECTION_FAILED}), for the probe to readmit. Thread-safe.
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
	 * Whether a failure of a replica's pool says that the pool is in that state; if so, logs it
	 * once per replica.
	 * @param replica the replica's name
	 * @param failure what its pool threw
	 * @param replaced whether Tether replaces the pool ({@code false}: the replica is held down)
	 * @return {@code true} when the pool can no longer set up connections
	 */
	boolean isPoisoned(String replica, Throwable failure, boolean replaced) {
		Throwable cause = setupFailureCause(failure);
		String message = (cause != null) ? String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT) : "";
		// MariaDB's driver: "Unsupported transaction isolation level"; MySQL's: "... level '-1'";
		// pgjdbc's: "Transaction isolation level -1 not supported."
		if (!message.contains("isolation level") || !(message.contains("-1") || message.contains("unsupported"))) {
			return false;
		}
		if (this.reported.add(replica)) {
			logger.error("Replica '" + replica + "': its HikariCP pool cannot set up new connections (" + cause.getMessage()
					+ "). Its first connection broke while HikariCP read the default transaction isolation, which"
					+ " leaves the pool setting level -1 on every new connection (HikariCP issue #1944); "
					+ (replaced ? "Tether replaces the pool with a new one, and the replica's reads go to the primary"
							+ " until the probe readmits it."
							: "the replica stays DOWN and its reads go to the primary until the application restarts"
									+ " (the pool is the application's, not Tether's, so Tether cannot replace it).")
					+ " To prevent it, set the isolation on the pool: spring.datasource.hikari.transaction-isolation"
					+ " (the replica pools Tether creates take it from the primary's pool), or transactionIsolation"
					+ " on your own replica pool.");
		}
		return true;
	}

	/** The problem a poisoned replica is held down with. */
	static String problem() {
		return "its HikariCP pool, which is the application's, cannot set up new connections (HikariCP issue #1944):"
				+ " restart the application";
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
