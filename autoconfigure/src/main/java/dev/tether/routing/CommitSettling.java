package dev.tether.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Marks that the calling thread runs inside a boundary that re-runs failed transactions (a
 * {@code @RetryOptimistic} method, a bulk update's chunk): there, Tether settles the outcome of a
 * commit whose answer was lost instead of reporting a bare connection failure. Before such a
 * boundary's commit on PostgreSQL of a transaction that ran more than plain reads, the primary is
 * asked for the transaction's id (one round trip), and if the
 * connection breaks during {@code COMMIT}, a fresh connection asks whether that transaction
 * committed: a commit that happened returns normally, one known to have rolled back and one whose
 * outcome stayed unknown throw an {@link UnansweredCommitException} saying which. Outside such a
 * boundary commits cost nothing extra.
 * <p>
 * A write statement of Tether's own ({@code VersionedUpdate}) can return the transaction's id in its
 * own answer ({@link #transactionIdClause(Connection)}, {@link #transactionIdReturned}), which spares
 * that round trip: the commit then uses the id the statement returned.
 * <p>
 * Entered and left in try/finally, on the thread that commits; nested boundaries keep the outer
 * one's timeout. Like {@code RetryBoundary}, the state is a per-thread object that stays in place
 * between calls, so entering allocates nothing. Applications with their own retry loops can enter
 * it the same way.
 */
public final class CommitSettling {

	/** How long the outcome of a commit is looked for by default. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Appended to a PostgreSQL {@code UPDATE}/{@code INSERT}/{@code DELETE}: what {@link CommitSettler}
	 * would otherwise ask before {@code COMMIT}, in the statement's own answer, on a connection whose
	 * backend is known ({@link ConnectionBackends}).
	 */
	private static final String RETURNING_TRANSACTION_ID = " RETURNING pg_current_xact_id()::text";

	/** As {@link #RETURNING_TRANSACTION_ID}, with the backend and server start, for a connection's first time. */
	private static final String RETURNING_TRANSACTION_ID_AND_BACKEND = RETURNING_TRANSACTION_ID
			+ ", pg_backend_pid(), pg_postmaster_start_time()::text";

	private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

	private CommitSettling() {
	}

	/**
	 * Enters a boundary; call {@link #exit()} in a {@code finally}.
	 * @param timeoutNanos the longest time to look for a lost commit's outcome, in nanoseconds
	 */
	public static void enter(long timeoutNanos) {
		enter(timeoutNanos, true);
	}

	/**
	 * Enters a boundary; call {@link #exit()} in a {@code finally}.
	 * @param timeoutNanos the longest time to look for a lost commit's outcome, in nanoseconds
	 * @param writesReturnId whether a transaction's first single-row {@code INSERT}, {@code UPDATE}
	 * or {@code DELETE} on a PostgreSQL 13+ primary, and a {@code VersionedUpdate}, also returns the
	 * transaction's id (appending {@code RETURNING pg_current_xact_id()}), sparing the commit a query
	 * before {@code COMMIT}; {@code tether.retry.writes-return-transaction-id}
	 */
	public static void enter(long timeoutNanos, boolean writesReturnId) {
		State state = STATE.get();
		if (state.depth++ == 0) {
			state.timeoutNanos = timeoutNanos;
			state.writesReturnId = writesReturnId;
		}
	}

	/** Leaves the boundary entered last. */
	public static void exit() {
		State state = STATE.get();
		if (state.depth > 0) {
			state.depth--;
		}
		if (state.depth == 0) {
			state.forget();
		}
	}

	/**
	 * Whether the calling thread is inside a boundary.
	 * @return {@code true} between {@link #enter(long)} and its {@link #exit()}
	 */
	public static boolean isActive() {
		return STATE.get().depth > 0;
	}

	/**
	 * Whether a write about to be prepared on the physical connection should return the
	 * transaction's id: inside a boundary that lets writes do so, while no statement of the
	 * transaction on that connection returned it yet. Cheap outside a boundary (one thread-local).
	 */
	static boolean wantsTransactionId(Connection physical) {
		State state = STATE.get();
		return state.depth > 0 && state.writesReturnId && (state.physical != physical || state.returned == null);
	}

	/** The outermost boundary's timeout, in nanoseconds. */
	static long timeoutNanos() {
		return STATE.get().timeoutNanos;
	}

	/**
	 * The clause a write statement about to run on the given connection can end with so that its
	 * answer carries the transaction's id (read back with {@link #transactionIdReturned}), or
	 * {@code null} when that is of no use: outside a boundary, inside one entered with
	 * {@code writesReturnId} false ({@code tether.retry.writes-return-transaction-id=false}), on a
	 * connection that is not Tether's or not yet in a transaction on a PostgreSQL 13+ primary, and
	 * once a statement of the transaction returned the id. The clause asks for one column, the id,
	 * on a connection whose backend Tether knows already, and for two more (the backend's pid and
	 * the server's start) the first time.
	 * @param connection the connection the statement will run on (the transaction's)
	 * @return the clause to append, with its leading space, or {@code null}
	 * @throws SQLException if the connection cannot be unwrapped
	 */
	public static String transactionIdClause(Connection connection) throws SQLException {
		RoutingConnection routing = capturing(connection);
		if (routing == null) {
			return null;
		}
		Connection physical = routing.primaryInTransaction();
		return wantsTransactionId(physical) ? clauseFor(physical) : null;
	}

	/**
	 * As {@link #transactionIdClause(Connection)}, for a statement on one table that may change any
	 * number of rows: also {@code null} when the table does not take {@code RETURNING} (a
	 * {@code DO INSTEAD} rule, row-level security, not a plain table), which the primary's catalog
	 * is asked once per table for, on the transaction's connection. When the statement is the
	 * transaction's first, the catalog cannot be asked yet and the clause is given unless the table
	 * is known to refuse it; should the table refuse it, pass the failure to
	 * {@link #transactionIdRefused}.
	 * @param connection the connection the statement will run on (the transaction's)
	 * @param table the table the statement writes, a plain name as the statement writes it
	 * @return the clause to append, with its leading space, or {@code null}
	 * @throws SQLException if the connection cannot be unwrapped or the catalog cannot be read
	 */
	public static String transactionIdClause(Connection connection, String table) throws SQLException {
		RoutingConnection routing = capturing(connection);
		if (routing == null) {
			return null;
		}
		Connection physical = routing.primaryInTransaction();
		// the id is the transaction's: a second versioned update in it need not return it again
		return wantsTransactionId(physical) && ReturningTables.takesReturning(routing.core, physical, table)
				? clauseFor(physical) : null;
	}

	/**
	 * Whether a statement ends with a clause that {@link #transactionIdClause} gave, so that it
	 * returns the transaction's id already ({@code VersionedUpdate} appends it itself): the router
	 * then leaves it as it is without asking for a clause again or reading its text.
	 * @param sql the statement
	 * @return {@code true} when it ends with one of the clauses
	 */
	static boolean endsWithTransactionIdClause(String sql) {
		return sql.endsWith(RETURNING_TRANSACTION_ID) || sql.endsWith(RETURNING_TRANSACTION_ID_AND_BACKEND);
	}

	/**
	 * The routing connection under a connection, when a boundary that lets writes return the id is
	 * active and the connection can capture it; else {@code null}.
	 */
	private static RoutingConnection capturing(Connection connection) throws SQLException {
		State state = STATE.get();
		// the switch (tether.retry.writes-return-transaction-id=false) holds for every statement,
		// Tether's own VersionedUpdate included: the commit then asks for the id itself
		if (state.depth == 0 || !state.writesReturnId || !connection.isWrapperFor(RoutingConnection.class)) {
			return null;
		}
		RoutingConnection routing = connection.unwrap(RoutingConnection.class);
		return routing.capturesTransactionId() ? routing : null;
	}

	/** The clause for the transaction's primary connection, {@code null} before its first statement. */
	private static String clauseFor(Connection physical) throws SQLException {
		// the transaction's first statement has no physical connection yet: asks for all three
		return (physical != null && ConnectionBackends.of(physical) != null) ? RETURNING_TRANSACTION_ID
				: RETURNING_TRANSACTION_ID_AND_BACKEND;
	}

	/**
	 * Looks at the failure of a statement that ended with {@link #transactionIdClause(Connection, String)}:
	 * when its table refused the clause, the table's next statements get none, and the failure gets
	 * a {@link ReturningRefusedException} note, for which {@code @RetryOptimistic} re-runs the
	 * transaction at once. The statement changed nothing; its transaction is rolled back.
	 * @param connection the connection the statement ran on
	 * @param table the table, as passed to {@link #transactionIdClause(Connection, String)}
	 * @param failure what the statement threw
	 * @return the failure, to throw
	 */
	public static SQLException transactionIdRefused(Connection connection, String table, SQLException failure) {
		try {
			return connection.isWrapperFor(RoutingConnection.class)
					? ReturningTables.refusal(connection.unwrap(RoutingConnection.class).core, table, failure) : failure;
		}
		catch (SQLException ex) {
			// a connection that cannot say what it wraps: the failure stays as it is
			return failure;
		}
	}

	/**
	 * Notes the transaction id that a statement ending with {@link #transactionIdClause} returned:
	 * its first column, and the next two while the connection's backend is not known yet (the
	 * clause asked for them then). The commit of this transaction then needs no round trip to take
	 * it.
	 * @param connection the connection the statement ran on
	 * @param row the statement's result, on a returned row
	 * @throws SQLException if the row cannot be read
	 */
	public static void transactionIdReturned(Connection connection, ResultSet row) throws SQLException {
		Connection physical = connection.unwrap(RoutingConnection.class).primaryInTransaction();
		if (physical == null || !isActive()) {
			return;
		}
		ConnectionBackends.Backend backend;
		if (row.getMetaData().getColumnCount() >= 3) {
			backend = new ConnectionBackends.Backend(row.getInt(2), row.getString(3));
			ConnectionBackends.remember(physical, backend);
		}
		else {
			backend = ConnectionBackends.of(physical);
		}
		State state = STATE.get();
		if (backend != null) {
			state.capture(physical, row.getString(1), backend);
		}
		else {
			// the clause asked for the id alone but the backend is not known (any more): the commit
			// asks for the id itself rather than settle without the backend
			state.forget();
		}
	}

	/**
	 * Takes the transaction id a statement returned for the transaction now committing on the given
	 * physical connection, and forgets it; {@code null} when none was returned for it.
	 */
	static Returned takeReturned(Connection physical) {
		State state = STATE.get();
		Returned returned = (state.physical == physical && physical != null) ? state.returned : null;
		state.forget();
		return returned;
	}

	/**
	 * Forgets a returned transaction id: a transaction on the primary started, or one ended without
	 * a commit. Cheap outside a boundary (nothing noted).
	 */
	static void forgetReturned() {
		State state = STATE.get();
		if (state.physical != null) {
			state.forget();
		}
	}

	/** The id, backend and server start a statement returned for its transaction. */
	record Returned(String xid, int pid, String started) {

	}

	/**
	 * One per thread, changed in place. The returned id is tied to the physical connection it was
	 * read on, and forgotten when a primary transaction starts or ends on this thread, so it can never
	 * name another transaction than the one committing.
	 */
	private static final class State {

		private int depth;

		private long timeoutNanos;

		private boolean writesReturnId;

		private Connection physical;

		private Returned returned;

		void capture(Connection physical, String xid, ConnectionBackends.Backend backend) {
			this.physical = physical;
			this.returned = (xid != null) ? new Returned(xid, backend.pid(), backend.started()) : null;
		}

		void forget() {
			this.physical = null;
			this.returned = null;
		}

	}

}
