package dev.tether.routing;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;

/** Tells a failure that says the connection is gone from one that says the statement is wrong. */
final class BrokenConnections {

	private BrokenConnections() {
	}

	/**
	 * Whether the failure says the connection is gone: SQLState class 08, PostgreSQL's
	 * administrator shutdown or crash states (57P01 to 57P03), or an exception type that says so.
	 */
	static boolean isBroken(SQLException ex) {
		String state = ex.getSQLState();
		return (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
				|| state.equals("57P03"))) || ex instanceof SQLRecoverableException
				|| ex instanceof SQLNonTransientConnectionException;
	}

	/**
	 * Whether the failure says the connection is gone or its answer was lost: {@link #isBroken}, or
	 * an I/O error among its causes (some drivers report a socket closed under a call that way).
	 */
	static boolean isLost(SQLException ex) {
		if (isBroken(ex)) {
			return true;
		}
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

}
