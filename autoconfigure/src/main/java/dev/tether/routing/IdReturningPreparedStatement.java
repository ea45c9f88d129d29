package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * A transaction's first single-row write inside a retry boundary, prepared on the primary with
 * {@code RETURNING pg_current_xact_id()} appended ({@link CommitSettling#transactionIdClause}) and
 * the driver asked for generated keys, which makes pgjdbc read the returned row as keys and keep
 * {@code executeUpdate}, {@code execute} and {@code executeBatch} as they are for the statement
 * without it. After it ran, the id is noted for the commit, which then needs no query of its own
 * before {@code COMMIT}.
 * <p>
 * To the application it stays the statement it prepared: {@code executeQuery} runs it and fails as it would,
 * {@code getMetaData} has no columns, and the generated keys (which it did not ask for) are read
 * past their first row.
 */
final class IdReturningPreparedStatement extends ForwardingPreparedStatement<PreparedStatement> {

	/** pgjdbc's state and words for {@code executeQuery} on a statement that returns no rows. */
	private static final String NO_DATA = "02000";

	private final RoutingConnection owner;

	private final Connection physical;

	private final String table;

	IdReturningPreparedStatement(RoutingConnection owner, PreparedStatement delegate, Connection physical,
			String table) {
		super(owner, delegate);
		this.owner = owner;
		this.physical = physical;
		this.table = table;
	}

	@Override
	Connection physical() {
		return this.physical;
	}

	/** Runs the write, then notes the id it returned; a failure is the driver's, translated. */
	private <T> T capturing(RowBudget.Execution<T> execution) throws SQLException {
		try {
			T result = execution.run();
			captureReturnedId();
			return result;
		}
		catch (SQLException ex) {
			throw failed(ReturningTables.refusal(this.owner.core, this.table, ex));
		}
	}

	@Override
	public int executeUpdate() throws SQLException {
		return capturing(this.delegate::executeUpdate);
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		return capturing(this.delegate::executeLargeUpdate);
	}

	@Override
	public boolean execute() throws SQLException {
		return capturing(this.delegate::execute);
	}

	@Override
	public int[] executeBatch() throws SQLException {
		return capturing(this.delegate::executeBatch);
	}

	@Override
	public long[] executeLargeBatch() throws SQLException {
		return capturing(this.delegate::executeLargeBatch);
	}

	/** As pgjdbc does for the statement as written: it runs, then the call fails for want of rows. */
	@Override
	public ResultSet executeQuery() throws SQLException {
		executeUpdate();
		throw new SQLException("No results were returned by the query.", NO_DATA);
	}

	@Override
	public ResultSetMetaData getMetaData() {
		return null;
	}

	/** The id the write returned, if it changed a row; left open (the statement closes it). */
	private void captureReturnedId() throws SQLException {
		ResultSet keys = this.delegate.getGeneratedKeys();
		if (keys != null && keys.next()) {
			CommitSettling.transactionIdReturned(this.owner, keys);
		}
	}

}
