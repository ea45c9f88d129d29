package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks the next transaction that the calling thread begins on the primary, through Tether's
 * {@code DataSource}, to lock one row before its first statement runs:
 * {@code SELECT 1 FROM <table> WHERE <key column> = ? FOR UPDATE}, on the primary's connection and
 * outside the statement guards. The transaction then waits in the database's queue for that row
 * instead of racing for it, and whatever it reads of the row afterwards stays current until it
 * commits.
 * <p>
 * {@code @RetryOptimistic} asks for it when a retry that holds a row's turn keeps losing that row
 * to another process: turn-taking orders the retries of one JVM, and only the database can order
 * those of several ({@code RetryLoop} says when and why). A request is entered and closed in
 * try-with-resources on the thread that runs the transaction; the first transaction it begins on
 * the primary takes it, later ones do not. Outside Tether's {@code DataSource}, or in a transaction
 * routed to a replica or read-only, nothing takes it, which {@link #wasTaken()} tells.
 * <p>
 * While no request is open in the JVM, a transaction's start reads one shared counter and no
 * {@code ThreadLocal}.
 */
public final class RowLockFirst implements AutoCloseable {

	private static final ThreadLocal<RowLockFirst> REQUESTED = new ThreadLocal<>();

	/** Requests open in this JVM, so that a transaction's start without one reads no thread-local. */
	private static final AtomicInteger OPEN = new AtomicInteger();

	private final String sql;

	private final Object key;

	/** The request this one hides while it is open, restored when it closes. */
	private final RowLockFirst previous;

	private boolean taken;

	private boolean closed;

	private RowLockFirst(String sql, Object key, RowLockFirst previous) {
		this.sql = sql;
		this.key = key;
		this.previous = previous;
	}

	/**
	 * Opens a request on the calling thread; close it in a {@code finally} (try-with-resources).
	 * @param table the row's table, as the application's own SQL names it
	 * @param keyColumn the key column, as the application's own SQL names it
	 * @param key the row's key
	 * @return the open request
	 */
	public static RowLockFirst request(String table, String keyColumn, Object key) {
		Objects.requireNonNull(table, "table");
		Objects.requireNonNull(keyColumn, "keyColumn");
		Objects.requireNonNull(key, "key");
		RowLockFirst request = new RowLockFirst("SELECT 1 FROM " + table + " WHERE " + keyColumn + " = ? FOR UPDATE",
				key, REQUESTED.get());
		REQUESTED.set(request);
		OPEN.incrementAndGet();
		return request;
	}

	/**
	 * Returns whether a transaction took the request and locked the row.
	 * @return {@code true} once the lock statement ran
	 */
	public boolean wasTaken() {
		return this.taken;
	}

	/** Closes the request, taken or not; closing twice does nothing. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		OPEN.decrementAndGet();
		if (this.previous != null) {
			REQUESTED.set(this.previous);
		}
		else {
			REQUESTED.remove();
		}
	}

	/** Whether any thread has a request open: one shared read, before anything per thread. */
	static boolean anyOpen() {
		return OPEN.get() != 0;
	}

	/**
	 * Locks the requested row on a transaction's connection to the primary, if a request is open on
	 * this thread and not taken yet.
	 * @param primary the physical connection the transaction was just pinned to
	 * @throws SQLException when the lock failed (a deadlock or lock timeout is retried as one)
	 */
	static void lockIfRequested(Connection primary) throws SQLException {
		RowLockFirst request = REQUESTED.get();
		if (request == null || request.taken || request.closed) {
			return;
		}
		request.taken = true;
		try (PreparedStatement statement = primary.prepareStatement(request.sql)) {
			statement.setObject(1, request.key);
			try (ResultSet ignored = statement.executeQuery()) {
				// the lock is the point; the row, if any, is not read
			}
		}
		catch (SQLException ex) {
			// the SQLState and code are kept, so that a deadlock or lock timeout is retried as one
			throw new SQLException("Tether's row lock for a retry whose row was lost to another process ("
					+ request.sql + ") failed: " + ex.getMessage() + ". The lock runs as the first statement of"
					+ " the retried transaction, on the first Tether DataSource that transaction uses; a missing"
					+ " table means the transaction began on another database than the conflicting row's",
					ex.getSQLState(), ex.getErrorCode(), ex);
		}
	}

}
