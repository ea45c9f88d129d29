package dev.tether.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * Forwards every {@link Statement} method to a driver's statement, with the contract every JDBC
 * wrapper of Tether shares (the prepared and callable ones extend this class, and
 * {@link ForwardingDatabaseMetaData} follows the same rules):
 * <ul>
 * <li>{@link #getConnection()} returns the logical connection that handed the statement out, never
 * the physical one: code that asks a statement for its connection and runs more SQL there would
 * bypass the router;</li>
 * <li>{@link #unwrap(Class)} and {@link #isWrapperFor(Class)} answer for the wrapper first, then
 * for the driver's statement;</li>
 * <li>{@code equals} and {@code hashCode} are identity, so they never change, not even when a
 * failover replaces the driver's statement;</li>
 * <li>exceptions are the driver's, as it threw them, with one exception: a call that fails on a
 * connection Tether aborted because its node turned DOWN throws a {@link NodeDownException} that
 * names the node, with the driver's exception as its cause ({@link #failed}). The calls that talk
 * to the server ({@code execute...}, {@code getMoreResults}) are translated; setters and getters
 * that only touch the driver's memory are not.</li>
 * </ul>
 * The driver's {@code ResultSet}s are handed out as they are: wrapping them would cost an object
 * per query on every transaction's path (and a hop on every getter) for the one case of a result
 * fetched in parts (a fetch size in a transaction) whose node hangs between two fetches; that
 * failure keeps the driver's exception, and the rollback that follows stays quiet.
 * <p>
 * Written out once, like HikariCP's ProxyStatement, rather than a {@code java.lang.reflect.Proxy}:
 * a reflective proxy allocates an argument array and boxes primitives on every call and keeps the
 * JIT from inlining, and statements are on every transaction's path. Subclasses override only the
 * methods whose behaviour they change.
 *
 * @param <S> the kind of statement
 */
class ForwardingStatement<S extends Statement> implements Statement {

	private final LogicalConnection connection;

	/** The driver's statement; a failover may replace it. */
	S delegate;

	ForwardingStatement(LogicalConnection connection, S delegate) {
		this.connection = connection;
		this.delegate = delegate;
	}

	/** What to throw for a failure of the driver's statement; see {@link LogicalConnection#failed}. */
	final SQLException failed(SQLException failure) {
		return this.connection.failed(failure, physical());
	}

	/**
	 * The physical connection the driver's statement belongs to, {@code null} when unknown; asked
	 * on a failure's path only. The driver's statement knows it (HikariCP's answers with the very
	 * handle the pool gave out); subclasses that hold it answer without asking.
	 */
	Connection physical() {
		try {
			return this.delegate.getConnection();
		}
		catch (SQLException | RuntimeException ex) {
			return null;
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.connection;
	}

	@Override
	public void close() throws SQLException {
		this.delegate.close();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> iface) throws SQLException {
		return iface.isInstance(this) ? (T) this : this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.delegate.isWrapperFor(iface);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.delegate + "]";
	}

	@Override
	public void addBatch(String sql) throws SQLException {
		this.delegate.addBatch(sql);
	}

	@Override
	public void cancel() throws SQLException {
		this.delegate.cancel();
	}

	@Override
	public void clearBatch() throws SQLException {
		this.delegate.clearBatch();
	}

	@Override
	public void clearWarnings() throws SQLException {
		this.delegate.clearWarnings();
	}

	@Override
	public void closeOnCompletion() throws SQLException {
		this.delegate.closeOnCompletion();
	}

	@Override
	public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
		return this.delegate.enquoteIdentifier(identifier, alwaysQuote);
	}

	@Override
	public String enquoteLiteral(String val) throws SQLException {
		return this.delegate.enquoteLiteral(val);
	}

	@Override
	public String enquoteNCharLiteral(String val) throws SQLException {
		return this.delegate.enquoteNCharLiteral(val);
	}

	@Override
	public boolean execute(String sql, int[] columnIndexes) throws SQLException {
		try {
			return this.delegate.execute(sql, columnIndexes);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public boolean execute(String sql, String[] columnNames) throws SQLException {
		try {
			return this.delegate.execute(sql, columnNames);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
		try {
			return this.delegate.execute(sql, autoGeneratedKeys);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public boolean execute(String sql) throws SQLException {
		try {
			return this.delegate.execute(sql);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int[] executeBatch() throws SQLException {
		try {
			return this.delegate.executeBatch();
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public long[] executeLargeBatch() throws SQLException {
		try {
			return this.delegate.executeLargeBatch();
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
		try {
			return this.delegate.executeLargeUpdate(sql, columnIndexes);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
		try {
			return this.delegate.executeLargeUpdate(sql, columnNames);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		try {
			return this.delegate.executeLargeUpdate(sql, autoGeneratedKeys);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql) throws SQLException {
		try {
			return this.delegate.executeLargeUpdate(sql);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public ResultSet executeQuery(String sql) throws SQLException {
		try {
			return this.delegate.executeQuery(sql);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
		try {
			return this.delegate.executeUpdate(sql, columnIndexes);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, String[] columnNames) throws SQLException {
		try {
			return this.delegate.executeUpdate(sql, columnNames);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		try {
			return this.delegate.executeUpdate(sql, autoGeneratedKeys);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int executeUpdate(String sql) throws SQLException {
		try {
			return this.delegate.executeUpdate(sql);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int getFetchDirection() throws SQLException {
		return this.delegate.getFetchDirection();
	}

	@Override
	public int getFetchSize() throws SQLException {
		return this.delegate.getFetchSize();
	}

	@Override
	public ResultSet getGeneratedKeys() throws SQLException {
		return this.delegate.getGeneratedKeys();
	}

	@Override
	public long getLargeMaxRows() throws SQLException {
		return this.delegate.getLargeMaxRows();
	}

	@Override
	public long getLargeUpdateCount() throws SQLException {
		return this.delegate.getLargeUpdateCount();
	}

	@Override
	public int getMaxFieldSize() throws SQLException {
		return this.delegate.getMaxFieldSize();
	}

	@Override
	public int getMaxRows() throws SQLException {
		return this.delegate.getMaxRows();
	}

	@Override
	public boolean getMoreResults() throws SQLException {
		try {
			return this.delegate.getMoreResults();
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public boolean getMoreResults(int current) throws SQLException {
		try {
			return this.delegate.getMoreResults(current);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int getQueryTimeout() throws SQLException {
		return this.delegate.getQueryTimeout();
	}

	@Override
	public ResultSet getResultSet() throws SQLException {
		return this.delegate.getResultSet();
	}

	@Override
	public int getResultSetConcurrency() throws SQLException {
		return this.delegate.getResultSetConcurrency();
	}

	@Override
	public int getResultSetHoldability() throws SQLException {
		return this.delegate.getResultSetHoldability();
	}

	@Override
	public int getResultSetType() throws SQLException {
		return this.delegate.getResultSetType();
	}

	@Override
	public int getUpdateCount() throws SQLException {
		return this.delegate.getUpdateCount();
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return this.delegate.getWarnings();
	}

	@Override
	public boolean isCloseOnCompletion() throws SQLException {
		return this.delegate.isCloseOnCompletion();
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.delegate.isClosed();
	}

	@Override
	public boolean isPoolable() throws SQLException {
		return this.delegate.isPoolable();
	}

	@Override
	public boolean isSimpleIdentifier(String identifier) throws SQLException {
		return this.delegate.isSimpleIdentifier(identifier);
	}

	@Override
	public void setCursorName(String name) throws SQLException {
		this.delegate.setCursorName(name);
	}

	@Override
	public void setEscapeProcessing(boolean enable) throws SQLException {
		this.delegate.setEscapeProcessing(enable);
	}

	@Override
	public void setFetchDirection(int direction) throws SQLException {
		this.delegate.setFetchDirection(direction);
	}

	@Override
	public void setFetchSize(int rows) throws SQLException {
		this.delegate.setFetchSize(rows);
	}

	@Override
	public void setLargeMaxRows(long max) throws SQLException {
		this.delegate.setLargeMaxRows(max);
	}

	@Override
	public void setMaxFieldSize(int max) throws SQLException {
		this.delegate.setMaxFieldSize(max);
	}

	@Override
	public void setMaxRows(int max) throws SQLException {
		this.delegate.setMaxRows(max);
	}

	@Override
	public void setPoolable(boolean poolable) throws SQLException {
		this.delegate.setPoolable(poolable);
	}

	@Override
	public void setQueryTimeout(int seconds) throws SQLException {
		this.delegate.setQueryTimeout(seconds);
	}
}
