package dev.tether.routing;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The JDBC surface of a logical connection, written once: the {@link Connection} methods that
 * carry no routing decision of their own. Statements are prepared on the physical connection
 * {@link #connectionFor(String)} chooses for their SQL and handed to the subclass to wrap; session
 * settings are recorded ({@link SessionSettings}) and answered by the physical connection in use
 * ({@link #current()}) once there is one; everything else goes to that connection, or to the one
 * the routing rules choose for work without SQL. {@link RoutingConnection} holds the
 * behaviour; like the statements' {@link ForwardingStatement}, {@code unwrap} answers for the
 * wrapper first and equality is identity.
 * <p>
 * The JDBC layer of the logical connection ({@link PhysicalConnections} says why layers): it holds
 * no state of its own.
 */
abstract class LogicalConnection extends SessionSettings implements Connection {

	LogicalConnection(RoutingCore core) {
		super(core);
	}

	/** The physical connection already in use, {@code null} before the first statement. */
	abstract Connection current();

	/**
	 * The physical connection a statement runs on, acquired if needed.
	 * @param sql the statement, or {@code null} for work without SQL (savepoints, LOBs, ...)
	 */
	abstract Connection connectionFor(String sql) throws SQLException;

	abstract void checkOpen() throws SQLException;

	/** Whether the next statement may be a read's first on a replica, which needs its form to fail over. */
	abstract boolean failoverArmed();

	/**
	 * Wraps a statement the driver prepared on the chosen node.
	 * @param form how it was prepared, {@code null} unless a failover is armed
	 */
	abstract PreparedStatement prepared(Connection physical, PreparedStatement statement, String sql,
			PreparedForm form);

	/** Wraps a callable statement the driver prepared on the chosen node. */
	abstract CallableStatement called(Connection physical, CallableStatement statement, String sql);

	/**
	 * Returns what to throw for a failure of a call on a physical connection: a
	 * {@link NodeDownException} when Tether aborted that connection because its node turned DOWN,
	 * else the failure as the driver threw it. Called on the failure's path only, by this class and
	 * by every statement it hands out.
	 * @param failure what the driver threw
	 * @param physical the physical connection the call used, {@code null} when not known (then the
	 * one in use is assumed)
	 */
	abstract SQLException failed(SQLException failure, Connection physical);

	/** The connection metadata calls that need a real one go to: the current one, or a decided one. */
	Connection connectionOrCurrent() throws SQLException {
		Connection current = current();
		return (current != null) ? current : connectionFor(null);
	}

	// ---- statements prepared on the node their SQL is routed to

	/**
	 * The statement prepared so that it returns its transaction's id as well, wrapped, or
	 * {@code null} to prepare it as written: the subclass decides ({@link CommitSettling}).
	 */
	abstract PreparedStatement preparedReturningTransactionId(Connection physical, String sql) throws SQLException;

	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			PreparedStatement returning = preparedReturningTransactionId(physical, sql);
			if (returning != null) {
				return returning;
			}
			return prepared(physical, physical.prepareStatement(sql), sql, PreparedForm.PLAIN);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			return prepared(physical, physical.prepareStatement(sql, resultSetType, resultSetConcurrency), sql,
					failoverArmed() ? PreparedForm.typed(resultSetType, resultSetConcurrency) : null);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			PreparedStatement statement = physical.prepareStatement(sql, resultSetType, resultSetConcurrency,
					resultSetHoldability);
			return prepared(physical, statement, sql, failoverArmed()
					? PreparedForm.holdable(resultSetType, resultSetConcurrency, resultSetHoldability) : null);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			return prepared(physical, physical.prepareStatement(sql, autoGeneratedKeys), sql,
					failoverArmed() ? PreparedForm.generatedKeys(autoGeneratedKeys) : null);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			return prepared(physical, physical.prepareStatement(sql, columnIndexes), sql,
					failoverArmed() ? PreparedForm.columns(columnIndexes) : null);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			return prepared(physical, physical.prepareStatement(sql, columnNames), sql,
					failoverArmed() ? PreparedForm.columns(columnNames) : null);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			return called(physical, physical.prepareCall(sql), sql);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			return called(physical, physical.prepareCall(sql, resultSetType, resultSetConcurrency), sql);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		Connection physical = connectionFor(sql);
		try {
			return called(physical, physical.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
					sql);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	// ---- session settings: recorded, answered by the connection in use once there is one

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		checkOpen();
		recordReadOnly(readOnly);
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		checkOpen();
		return readOnly();
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		checkOpen();
		recordIsolation(level);
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		checkOpen();
		return isolation();
	}

	@Override
	public void setHoldability(int holdability) throws SQLException {
		checkOpen();
		recordHoldability(holdability);
	}

	@Override
	public int getHoldability() throws SQLException {
		checkOpen();
		Connection current = current();
		return (current != null) ? current.getHoldability() : holdability();
	}

	@Override
	public void setCatalog(String catalog) throws SQLException {
		checkOpen();
		recordCatalog(catalog);
	}

	@Override
	public String getCatalog() throws SQLException {
		checkOpen();
		Connection current = current();
		return (current != null) ? current.getCatalog() : catalog();
	}

	@Override
	public void setSchema(String schema) throws SQLException {
		checkOpen();
		recordSchema(schema);
	}

	@Override
	public String getSchema() throws SQLException {
		checkOpen();
		Connection current = current();
		if (current != null) {
			return current.getSchema();
		}
		return (schema() != null) ? schema()
				: (String) this.core.primaryFacts().get("schema", Connection::getSchema);
	}

	@Override
	public Map<String, Class<?>> getTypeMap() throws SQLException {
		checkOpen();
		Connection current = current();
		return (current != null) ? current.getTypeMap() : typeMap();
	}

	@Override
	public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
		checkOpen();
		recordTypeMap(map);
	}

	@Override
	public void setClientInfo(String name, String value) throws SQLClientInfoException {
		recordClientInfo(name, value);
	}

	@Override
	public void setClientInfo(Properties properties) throws SQLClientInfoException {
		recordClientInfo(properties);
	}

	@Override
	public String getClientInfo(String name) throws SQLException {
		checkOpen();
		Connection current = current();
		return (current != null) ? current.getClientInfo(name) : clientInfo(name);
	}

	@Override
	public Properties getClientInfo() throws SQLException {
		checkOpen();
		Connection current = current();
		return (current != null) ? current.getClientInfo() : clientInfo();
	}

	// ---- pass-throughs

	@Override
	public String nativeSQL(String sql) throws SQLException {
		return connectionOrCurrent().nativeSQL(sql);
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		Connection physical = connectionFor(null);
		try {
			return physical.setSavepoint();
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		Connection physical = connectionFor(null);
		try {
			return physical.setSavepoint(name);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public void rollback(Savepoint savepoint) throws SQLException {
		Connection physical = connectionFor(null);
		try {
			physical.rollback(savepoint);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public void releaseSavepoint(Savepoint savepoint) throws SQLException {
		Connection physical = connectionFor(null);
		try {
			physical.releaseSavepoint(savepoint);
		}
		catch (SQLException ex) {
			throw failed(ex, physical);
		}
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		checkOpen();
		Connection current = current();
		return (current != null) ? current.getWarnings() : null;
	}

	@Override
	public void clearWarnings() throws SQLException {
		checkOpen();
		Connection current = current();
		if (current != null) {
			current.clearWarnings();
		}
	}

	@Override
	public Clob createClob() throws SQLException {
		return connectionOrCurrent().createClob();
	}

	@Override
	public Blob createBlob() throws SQLException {
		return connectionOrCurrent().createBlob();
	}

	@Override
	public NClob createNClob() throws SQLException {
		return connectionOrCurrent().createNClob();
	}

	@Override
	public SQLXML createSQLXML() throws SQLException {
		return connectionOrCurrent().createSQLXML();
	}

	@Override
	public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
		return connectionOrCurrent().createArrayOf(typeName, elements);
	}

	@Override
	public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
		return connectionOrCurrent().createStruct(typeName, attributes);
	}

	@Override
	public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
		connectionOrCurrent().setNetworkTimeout(executor, milliseconds);
	}

	@Override
	public int getNetworkTimeout() throws SQLException {
		Connection current = current();
		return (current != null) ? current.getNetworkTimeout() : 0;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return (T) this;
		}
		return connectionOrCurrent().unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || connectionOrCurrent().isWrapperFor(iface);
	}

}
