package dev.tether.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * What a {@link RoutingStatement} forwards to before its SQL arrives (and after it is closed): it
 * records the statement's settings and answers for them, and answers "nothing executed yet" for
 * results. Once a driver's statement is made on the chosen node, {@link #applyTo} brings it to the
 * recorded settings and later settings are passed on to it ({@link #bind}), so a statement moved
 * to another node is made again with them. Standing in for the driver's statement, it spares the
 * routing statement a "not executed yet?" branch in every method.
 */
final class UnboundStatement implements Statement {

	private final Connection owner;

	private final int resultSetType;

	private final int resultSetConcurrency;

	private final int resultSetHoldability;

	/** The driver's statement settings are passed on to, {@code null} until the first execution. */
	private Statement bound;

	private boolean closed;

	private Integer fetchSize;

	private Integer fetchDirection;

	private Integer maxRows;

	private Long largeMaxRows;

	private Integer maxFieldSize;

	private Integer queryTimeout;

	private Boolean escapeProcessing;

	private Boolean poolable;

	private String cursorName;

	private boolean closeOnCompletion;

	UnboundStatement(Connection owner, int resultSetType, int resultSetConcurrency, int resultSetHoldability) {
		this.owner = owner;
		this.resultSetType = resultSetType;
		this.resultSetConcurrency = resultSetConcurrency;
		this.resultSetHoldability = resultSetHoldability;
	}

	/** Creates a driver's statement of the recorded kind on a physical connection, with the recorded settings. */
	Statement create(Connection connection) throws SQLException {
		Statement statement;
		if (this.resultSetHoldability != -1) {
			statement = connection.createStatement(this.resultSetType, this.resultSetConcurrency,
					this.resultSetHoldability);
		}
		else if (this.resultSetType != -1) {
			statement = connection.createStatement(this.resultSetType, this.resultSetConcurrency);
		}
		else {
			statement = connection.createStatement();
		}
		try {
			applyTo(statement);
		}
		catch (SQLException | RuntimeException ex) {
			statement.close();
			throw ex;
		}
		return statement;
	}

	private void applyTo(Statement statement) throws SQLException {
		if (this.fetchSize != null) {
			statement.setFetchSize(this.fetchSize);
		}
		if (this.fetchDirection != null) {
			statement.setFetchDirection(this.fetchDirection);
		}
		if (this.maxRows != null) {
			statement.setMaxRows(this.maxRows);
		}
		if (this.largeMaxRows != null) {
			statement.setLargeMaxRows(this.largeMaxRows);
		}
		if (this.maxFieldSize != null) {
			statement.setMaxFieldSize(this.maxFieldSize);
		}
		if (this.queryTimeout != null) {
			statement.setQueryTimeout(this.queryTimeout);
		}
		if (this.escapeProcessing != null) {
			statement.setEscapeProcessing(this.escapeProcessing);
		}
		if (this.poolable != null) {
			statement.setPoolable(this.poolable);
		}
		if (this.cursorName != null) {
			statement.setCursorName(this.cursorName);
		}
		if (this.closeOnCompletion) {
			statement.closeOnCompletion();
		}
	}

	/** Later settings are passed on to this statement too. */
	void bind(Statement statement) {
		this.bound = statement;
	}

	void checkOpen() throws SQLException {
		if (this.closed) {
			throw new SQLException("Statement is closed");
		}
	}

	// ---- settings: recorded, and passed on once bound

	@Override
	public void setMaxFieldSize(int max) throws SQLException {
		checkOpen();
		this.maxFieldSize = max;
		if (this.bound != null) {
			this.bound.setMaxFieldSize(max);
		}
	}

	@Override
	public void setMaxRows(int max) throws SQLException {
		checkOpen();
		this.maxRows = max;
		this.largeMaxRows = null;
		if (this.bound != null) {
			this.bound.setMaxRows(max);
		}
	}

	@Override
	public void setLargeMaxRows(long max) throws SQLException {
		checkOpen();
		this.largeMaxRows = max;
		this.maxRows = null;
		if (this.bound != null) {
			this.bound.setLargeMaxRows(max);
		}
	}

	@Override
	public void setEscapeProcessing(boolean enable) throws SQLException {
		checkOpen();
		this.escapeProcessing = enable;
		if (this.bound != null) {
			this.bound.setEscapeProcessing(enable);
		}
	}

	@Override
	public void setQueryTimeout(int seconds) throws SQLException {
		checkOpen();
		this.queryTimeout = seconds;
		if (this.bound != null) {
			this.bound.setQueryTimeout(seconds);
		}
	}

	@Override
	public void setCursorName(String name) throws SQLException {
		checkOpen();
		this.cursorName = name;
		if (this.bound != null) {
			this.bound.setCursorName(name);
		}
	}

	@Override
	public void setFetchDirection(int direction) throws SQLException {
		checkOpen();
		this.fetchDirection = direction;
		if (this.bound != null) {
			this.bound.setFetchDirection(direction);
		}
	}

	@Override
	public void setFetchSize(int rows) throws SQLException {
		checkOpen();
		this.fetchSize = rows;
		if (this.bound != null) {
			this.bound.setFetchSize(rows);
		}
	}

	@Override
	public void setPoolable(boolean poolable) throws SQLException {
		checkOpen();
		this.poolable = poolable;
		if (this.bound != null) {
			this.bound.setPoolable(poolable);
		}
	}

	@Override
	public void closeOnCompletion() throws SQLException {
		checkOpen();
		this.closeOnCompletion = true;
		if (this.bound != null) {
			this.bound.closeOnCompletion();
		}
	}

	// ---- answers before the first execution

	@Override
	public int getMaxFieldSize() throws SQLException {
		checkOpen();
		return (this.maxFieldSize != null) ? this.maxFieldSize : 0;
	}

	@Override
	public int getMaxRows() throws SQLException {
		checkOpen();
		return (this.maxRows != null) ? this.maxRows : 0;
	}

	@Override
	public long getLargeMaxRows() throws SQLException {
		checkOpen();
		return (this.largeMaxRows != null) ? this.largeMaxRows : getMaxRows();
	}

	@Override
	public int getQueryTimeout() throws SQLException {
		checkOpen();
		return (this.queryTimeout != null) ? this.queryTimeout : 0;
	}

	@Override
	public int getFetchDirection() throws SQLException {
		checkOpen();
		return (this.fetchDirection != null) ? this.fetchDirection : ResultSet.FETCH_FORWARD;
	}

	@Override
	public int getFetchSize() throws SQLException {
		checkOpen();
		return (this.fetchSize != null) ? this.fetchSize : 0;
	}

	@Override
	public int getResultSetConcurrency() throws SQLException {
		checkOpen();
		return (this.resultSetConcurrency != -1) ? this.resultSetConcurrency : ResultSet.CONCUR_READ_ONLY;
	}

	@Override
	public int getResultSetType() throws SQLException {
		checkOpen();
		return (this.resultSetType != -1) ? this.resultSetType : ResultSet.TYPE_FORWARD_ONLY;
	}

	@Override
	public int getResultSetHoldability() throws SQLException {
		checkOpen();
		return (this.resultSetHoldability != -1) ? this.resultSetHoldability : this.owner.getHoldability();
	}

	@Override
	public boolean isPoolable() throws SQLException {
		checkOpen();
		return this.poolable != null && this.poolable;
	}

	@Override
	public boolean isCloseOnCompletion() throws SQLException {
		checkOpen();
		return this.closeOnCompletion;
	}

	@Override
	public ResultSet getResultSet() throws SQLException {
		checkOpen();
		return null;
	}

	@Override
	public int getUpdateCount() throws SQLException {
		checkOpen();
		return -1;
	}

	@Override
	public long getLargeUpdateCount() throws SQLException {
		checkOpen();
		return -1;
	}

	@Override
	public boolean getMoreResults() throws SQLException {
		checkOpen();
		return false;
	}

	@Override
	public boolean getMoreResults(int current) throws SQLException {
		checkOpen();
		return false;
	}

	@Override
	public ResultSet getGeneratedKeys() throws SQLException {
		checkOpen();
		throw new SQLException("No statement has been executed yet");
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		checkOpen();
		return null;
	}

	@Override
	public void clearWarnings() throws SQLException {
		checkOpen();
	}

	@Override
	public void cancel() throws SQLException {
		checkOpen();
	}

	@Override
	public Connection getConnection() throws SQLException {
		checkOpen();
		return this.owner;
	}

	@Override
	public void close() {
		this.closed = true;
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		throw new SQLException("Statement has not been executed yet, so it is not bound to a physical one");
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return false;
	}

	// ---- SQL only a routing statement runs: it never asks this one

	@Override
	public ResultSet executeQuery(String sql) throws SQLException {
		throw notRouted();
	}

	@Override
	public int executeUpdate(String sql) throws SQLException {
		throw notRouted();
	}

	@Override
	public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		throw notRouted();
	}

	@Override
	public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
		throw notRouted();
	}

	@Override
	public int executeUpdate(String sql, String[] columnNames) throws SQLException {
		throw notRouted();
	}

	@Override
	public boolean execute(String sql) throws SQLException {
		throw notRouted();
	}

	@Override
	public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
		throw notRouted();
	}

	@Override
	public boolean execute(String sql, int[] columnIndexes) throws SQLException {
		throw notRouted();
	}

	@Override
	public boolean execute(String sql, String[] columnNames) throws SQLException {
		throw notRouted();
	}

	@Override
	public void addBatch(String sql) throws SQLException {
		throw notRouted();
	}

	@Override
	public void clearBatch() throws SQLException {
		throw notRouted();
	}

	@Override
	public int[] executeBatch() throws SQLException {
		throw notRouted();
	}

	private static IllegalStateException notRouted() {
		return new IllegalStateException("SQL is run by the routing statement, never by its unbound stand-in");
	}

}
