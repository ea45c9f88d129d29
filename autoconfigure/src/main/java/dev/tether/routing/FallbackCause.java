package dev.tether.routing;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Why a replica could not give a connection, in a few words fit for a metric tag or a log line:
 * the exception itself is not, its message may name hosts and its class is too vague
 * (HikariCP reports nearly everything as {@code SQLTransientConnectionException}).
 */
public enum FallbackCause {

	/**
	 * The replica could not be reached or refused the login (SQLState class 08, or a socket error),
	 * or its pool could not set up a new connection (HikariCP's {@code ConnectionSetupException}:
	 * the connection opened, but the pool's own settings failed on it, every time, as after
	 * {@link PoisonedIsolation}).
	 */
	CONNECTION_FAILED("connection-failed"),

	/** The replica's pool had no connection to give within its connection timeout. */
	TIMEOUT("timeout"),

	/** Anything else, for example a pool that was closed. */
	ERROR("error");

	private final String tagValue;

	FallbackCause(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Returns the lowercase, dash-separated name used in meters and the Actuator endpoint.
	 * @return the tag value, for example {@code connection-failed}
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Classifies what a replica's pool threw. HikariCP reports a timeout whose cause is the last
	 * failed connection attempt, so the cause chain is searched for a connection failure first.
	 * @param failure what the pool threw
	 * @return the cause
	 */
	public static FallbackCause of(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < 10; depth++, current = current.getCause()) {
			if (current instanceof ConnectException || current instanceof UnknownHostException) {
				return CONNECTION_FAILED;
			}
			if (current instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return CONNECTION_FAILED;
			}
			if (PoisonedIsolation.isSetupFailure(current)) {
				return CONNECTION_FAILED;
			}
		}
		if (failure instanceof SQLTransientConnectionException || failure instanceof SQLTimeoutException) {
			return TIMEOUT;
		}
		return ERROR;
	}

}
