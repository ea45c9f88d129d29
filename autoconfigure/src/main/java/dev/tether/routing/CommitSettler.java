package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import dev.tether.routing.UnansweredCommitException.Outcome;
import dev.tether.sql.SqlDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Commits a primary transaction inside a {@link CommitSettling} boundary and settles the outcome
 * when the connection breaks during {@code COMMIT}.
 * <p>
 * PostgreSQL 13+: right before {@code COMMIT} of a transaction that ran anything but plain reads,
 * one round trip reads
 * {@code pg_current_xact_id_if_assigned()} (the transaction's id, {@code null} when it wrote
 * nothing), and on a connection's first time the backend's pid and the server's start
 * ({@link ConnectionBackends}). After a broken commit, fresh connections from the primary's pool
 * ask {@code pg_xact_status(xid)} until it answers {@code committed} (the commit returns normally)
 * or {@code aborted}, or the boundary's timeout is spent. A transaction still {@code in progress}
 * after a short grace is the old backend waiting for a {@code COMMIT} that the network lost: it is
 * terminated (only while it still runs that transaction), which makes the outcome final either way.
 * The server's start time, read with the backend, is compared with each answer: a primary that
 * restarted after a crash, or another node after a failover, may have given the id of a transaction
 * that never reached its disk to another one, so its answer leaves the outcome unknown.
 * <p>
 * MySQL and MariaDB assign a transaction's GTID only when it commits (and report it in the commit's
 * answer, which is what was lost), and InnoDB's transaction ids cannot be looked up once the
 * transaction ended: a broken commit there stays {@link Outcome#UNKNOWN}, with no query added.
 */
final class CommitSettler {

	private static final Log logger = LogFactory.getLog(CommitSettler.class);

	private static final String CAPTURE = "select pg_current_xact_id_if_assigned()::text";

	/** As {@link #CAPTURE}, with the backend and the server's start, for a connection's first time. */
	private static final String CAPTURE_WITH_BACKEND = CAPTURE + ", pg_backend_pid(), pg_postmaster_start_time()::text";

	/** The {@link PrimaryFacts} key of {@link #hasXactStatus}. */
	private static final String XACT_STATUS = "pg-xact-status";

	private static final String STATUS = "select pg_xact_status(cast(? as xid8)), pg_postmaster_start_time()::text";

	/** What the status of a transaction is when the server that answers is not the one that ran it. */
	private static final String RESTARTED = "restarted";

	private static final String TERMINATE = "select pg_terminate_backend(pid) from pg_stat_activity"
			+ " where pid = ? and backend_xid = cast(? as xid)";

	private CommitSettler() {
	}

	/**
	 * Commits, settling the outcome if the answer is lost.
	 * @param mayHaveWritten whether the transaction ran anything but plain reads; without, no id is
	 * read (a read-only transaction pays nothing), and a lost answer stays unknown, since a plain
	 * {@code SELECT} can still call a function that writes
	 */
	static void commit(RoutingCore core, PhysicalNode node, boolean mayHaveWritten) throws SQLException {
		Connection physical = node.connection();
		boolean postgres = core.dialect() == SqlDialect.POSTGRESQL && hasXactStatus(core, physical);
		boolean lookup = postgres && mayHaveWritten;
		String xid = null;
		int pid = 0;
		String started = null;
		CommitSettling.Returned returned = CommitSettling.takeReturned(physical);
		if (lookup && returned != null) {
			// a statement of the transaction returned its id (a VersionedUpdate, or a single-row write
			// whose RETURNING Tether appended): no round trip; but a transaction in which a statement
			// failed since would roll back at COMMIT, which pgjdbc reports as a success
			if (PgjdbcConnections.hasFailedTransaction(physical)) {
				SQLException failed = new SQLException("The transaction had already failed when it reached COMMIT on"
						+ " the " + node.describe() + " (a statement failed and the error was caught inside it), so"
						+ " the transaction was rolled back and nothing it wrote was kept", "25P02");
				try {
					physical.rollback();
				}
				catch (SQLException cleanup) {
					failed.addSuppressed(cleanup);
				}
				throw failed;
			}
			xid = returned.xid();
			pid = returned.pid();
			started = returned.started();
		}
		else if (lookup) {
			// the backend and the server's start are the connection's: asked for once (ConnectionBackends)
			ConnectionBackends.Backend backend = ConnectionBackends.of(physical);
			try (Statement statement = physical.createStatement();
					ResultSet result = statement.executeQuery((backend != null) ? CAPTURE : CAPTURE_WITH_BACKEND)) {
				result.next();
				xid = result.getString(1);
				if (backend == null) {
					backend = new ConnectionBackends.Backend(result.getInt(2), result.getString(3));
					ConnectionBackends.remember(physical, backend);
				}
				pid = backend.pid();
				started = backend.started();
			}
			catch (SQLException ex) {
				if (isBroken(ex)) {
					throw new UnansweredCommitException("The connection to the " + node.describe()
							+ " broke before COMMIT was sent: the transaction rolled back, so the work can run"
							+ " again", Outcome.ROLLED_BACK, null, node.describe(), ex);
				}
				// on PostgreSQL a failed statement aborts the transaction, so COMMIT would roll it back,
				// silently with some drivers: roll back and say so rather than return as if committed
				try {
					physical.rollback();
				}
				catch (SQLException cleanup) {
					ex.addSuppressed(cleanup);
				}
				throw new SQLException("Could not read the transaction's id before COMMIT on the " + node.describe()
						+ " (" + ex.getMessage() + "); the transaction was rolled back. Either it had already failed"
						+ " (an error caught inside it), or the server lacks pg_current_xact_id_if_assigned()",
						ex.getSQLState(), ex);
			}
		}
		try {
			physical.commit();
		}
		catch (SQLException ex) {
			if (!isBroken(ex)) {
				// a serialization failure at commit and the like: a known rollback, classified as ever
				throw ex;
			}
			if (!lookup) {
				throw new UnansweredCommitException("The connection to the " + node.describe()
						+ " broke during COMMIT, and " + (postgres ? "the transaction ran only reads, so its id"
								+ " was not taken (a read can call a function that writes)"
								: productOf(core) + " offers no way to look a transaction up by an id taken before"
										+ " its commit")
						+ ": it may have committed", Outcome.UNKNOWN, null, node.describe(), ex);
			}
			if (xid == null) {
				throw new UnansweredCommitException("The connection to the " + node.describe()
						+ " broke during COMMIT of a transaction that wrote nothing (it had no transaction id):"
						+ " there is nothing to apply twice", Outcome.ROLLED_BACK, null, node.describe(), ex);
			}
			settle(core, node, new Transaction(xid, pid, started), ex);
		}
	}

	/** Asks the primary for the transaction's status until it is final or the time is spent. */
	private static void settle(RoutingCore core, PhysicalNode node, Transaction transaction, SQLException failure)
			throws SQLException {
		String xid = transaction.xid();
		long start = System.nanoTime();
		long timeout = CommitSettling.timeoutNanos();
		long deadline = start + timeout;
		long grace = Math.min(timeout / 4, TimeUnit.SECONDS.toNanos(1));
		boolean terminated = false;
		long pauseMillis = 5;
		String status = "not asked";
		SQLException lastFailure = null;
		while (true) {
			long remaining = deadline - System.nanoTime();
			try (Connection connection = core.primary().getConnection()) {
				// a primary that hangs must not hold the boundary past its timeout
				connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
						TimeUnit.NANOSECONDS.toMillis(remaining))));
				status = status(connection, transaction);
				if ("in progress".equals(status) && !terminated && System.nanoTime() - start >= grace) {
					terminated = terminate(connection, transaction.pid(), xid);
				}
			}
			catch (SQLException ex) {
				lastFailure = ex;
				status = "unreachable: " + ex.getMessage();
			}
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			if ("committed".equals(status)) {
				logger.warn("The connection to the " + node.describe() + " broke during COMMIT of transaction " + xid
						+ "; the primary says it committed (after " + elapsedMillis + " ms), so the commit succeeded: "
						+ failure);
				return;
			}
			if ("aborted".equals(status)) {
				throw new UnansweredCommitException("The connection to the " + node.describe()
						+ " broke during COMMIT; the primary says transaction " + xid + " rolled back"
						+ (terminated ? " (its backend, still waiting for the COMMIT, was terminated)" : "")
						+ ", so the work can run again", Outcome.ROLLED_BACK, xid, node.describe(), failure);
			}
			if (status == null || RESTARTED.equals(status) || System.nanoTime() - deadline >= 0
					|| Thread.currentThread().isInterrupted()) {
				UnansweredCommitException unknown = new UnansweredCommitException("The connection to the "
						+ node.describe() + " broke during COMMIT and the outcome of transaction " + xid
						+ " could not be settled in " + elapsedMillis + " ms (last answer: "
						+ describe(status) + "): it may"
						+ " have committed. Ask the primary SELECT pg_xact_status('" + xid + "') once it answers",
						Outcome.UNKNOWN, xid, node.describe(), failure);
				if (lastFailure != null) {
					unknown.addSuppressed(lastFailure);
				}
				throw unknown;
			}
			pause(Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			pauseMillis = Math.min(pauseMillis * 2, 200);
		}
	}

	/**
	 * The transaction's status, or {@link #RESTARTED} when the server that answers started after
	 * the transaction's: a primary that restarted after a crash, or another node after a failover,
	 * may have given the same id to another transaction since, so its answer says nothing.
	 */
	private static String status(Connection connection, Transaction transaction) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(STATUS)) {
			statement.setString(1, transaction.xid());
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				String status = result.getString(1);
				return transaction.started().equals(result.getString(2)) ? status : RESTARTED;
			}
		}
	}

	private static String describe(String status) {
		if (status == null) {
			return "PostgreSQL no longer knows the transaction";
		}
		if (RESTARTED.equals(status)) {
			return "the primary that answers is not the server that ran it (restarted or failed over), so the"
					+ " transaction's id may name another transaction now";
		}
		return status;
	}

	/**
	 * Terminates the backend that still runs the transaction, if it does: the pid alone could name
	 * another session by now, the pid and the running transaction id cannot.
	 */
	private static boolean terminate(Connection connection, int pid, String xid) {
		try (PreparedStatement statement = connection.prepareStatement(TERMINATE)) {
			statement.setInt(1, pid);
			// backend_xid is the 32-bit xid: the xid8 without its epoch
			statement.setString(2, Long.toString(Long.parseLong(xid) & 0xFFFFFFFFL));
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
		catch (SQLException ex) {
			// not allowed (another role's backend) or not reachable: wait for the status instead
			return false;
		}
	}

	/**
	 * Whether the primary has {@code pg_current_xact_id_if_assigned()} and {@code pg_xact_status()}
	 * (PostgreSQL 13), read once per router from the connection the caller holds (the driver knows
	 * the server's version from the connection's start, so the first time costs no round trip
	 * either, and a primary that cannot give a fresh connection right now does not fail a commit
	 * that has not been sent). Cached because the driver parses its version string at every call.
	 */
	static boolean hasXactStatus(RoutingCore core, Connection physical) {
		try {
			return Boolean.TRUE.equals(core.primaryFacts().get(XACT_STATUS, physical, CommitSettler::readsXactStatus));
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/** Whether the primary is known to be PostgreSQL 13+ without asking (cached only). */
	static boolean knownToHaveXactStatus(RoutingCore core) {
		return Boolean.TRUE.equals(core.primaryFacts().cached(XACT_STATUS));
	}

	private static Object readsXactStatus(Connection primary) throws SQLException {
		return primary.getMetaData().getDatabaseMajorVersion() >= 13;
	}

	private static String productOf(RoutingCore core) {
		return (core.dialect() == SqlDialect.MYSQL) ? "MySQL/MariaDB"
				: (core.dialect() == SqlDialect.POSTGRESQL) ? "PostgreSQL before 13" : "this database";
	}

	/** Whether a failure says the connection is gone: what a lost answer looks like. */
	static boolean isBroken(SQLException ex) {
		return BrokenConnections.isLost(ex);
	}

	/** What identifies a transaction across connections: its id, its backend, its server's start. */
	private record Transaction(String xid, int pid, String started) {

	}

	private static void pause(long millis) {
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
