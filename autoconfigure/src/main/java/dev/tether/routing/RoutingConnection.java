package dev.tether.routing;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

import dev.tether.sql.SqlKind;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A logical connection of {@link TetherDataSource}. Settings made before the first statement
 * (auto-commit, read-only, isolation, ...) are recorded; the physical connection is taken when a
 * statement is prepared or executed, from the node the routing rules choose then:
 * <ul>
 * <li>in a transaction (auto-commit off), the first statement pins the transaction to one node
 * until commit or rollback; a read-only transaction then refuses writes and locking reads before
 * they are sent;</li>
 * <li>in auto-commit mode, every statement is routed by its own SQL.</li>
 * </ul>
 * Spring's {@code LazyConnectionDataSourceProxy} defers acquisition too, but it chooses the node
 * when a statement object is created, before the SQL of {@code createStatement()} is known, and
 * cannot refuse a statement per node, so it is not used here.
 * <p>
 * Not thread-safe, like any JDBC connection.
 */
final class RoutingConnection implements Connection {

	private final TetherDataSource router;

	private final TetherDataSource.ConnectionDefaults defaults;

	private boolean closed;

	private boolean autoCommit;

	private boolean readOnly;

	private int isolation;

	private Integer holdability;

	private String catalog;

	private String schema;

	private Map<String, Class<?>> typeMap;

	private Properties clientInfo;

	private Physical primary;

	private Physical replica;

	/** The node of the current transaction, {@code null} until its first statement. */
	private Physical pinned;

	/** Whether the pinned transaction is read-only and routed for reads, so writes are refused. */
	private boolean readOnlyRouted;

	RoutingConnection(TetherDataSource router, TetherDataSource.ConnectionDefaults defaults) {
		this.router = router;
		this.defaults = defaults;
		this.autoCommit = defaults.autoCommit();
		this.isolation = defaults.transactionIsolation();
	}

	// ---- routing

	/**
	 * Returns the physical connection the given statement must run on, acquiring it if needed.
	 * @param sql the statement, or {@code null} when the work has no SQL (savepoints, LOBs, ...)
	 */
	Connection connectionFor(String sql) throws SQLException {
		checkOpen();
		return this.autoCommit ? statementNode(sql).connection : transactionNode(sql).connection;
	}

	SqlKind classify(String sql) {
		return this.router.classifier().classify(sql);
	}

	private Physical transactionNode(String sql) throws SQLException {
		Physical node = this.pinned;
		if (node != null) {
			if (this.readOnlyRouted && sql != null) {
				refuseIfNotReplicaSafe(sql, node);
			}
			return node;
		}
		if (RoutingContextHolder.current().isForceMaster()) {
			return pin(primaryNode(), RoutingReason.FORCE_MASTER, false);
		}
		if (!isReadOnlyTransaction()) {
			return pin(primaryNode(), RoutingReason.READ_WRITE, false);
		}
		if (sql != null) {
			refuseIfNotReplicaSafe(sql, null);
		}
		return pinForRead();
	}

	private Physical pinForRead() throws SQLException {
		if (this.replica != null) {
			return pin(this.replica, RoutingReason.READ_ONLY, true);
		}
		ReplicaPool pool = this.router.nextReplica();
		if (pool == null) {
			return pin(primaryNode(), RoutingReason.NO_REPLICA, true);
		}
		Physical node = replicaNode(pool);
		return pin(node, (node.target == RoutingTarget.REPLICA) ? RoutingReason.READ_ONLY : RoutingReason.FALLBACK,
				true);
	}

	private Physical pin(Physical node, RoutingReason reason, boolean readOnlyRouted) {
		this.pinned = node;
		this.readOnlyRouted = readOnlyRouted;
		this.router.listener().onDecision(node.target, node.replicaName, reason);
		return node;
	}

	private Physical statementNode(String sql) throws SQLException {
		Physical node;
		RoutingReason reason;
		if (RoutingContextHolder.current().isForceMaster()) {
			node = primaryNode();
			reason = RoutingReason.FORCE_MASTER;
		}
		else {
			SqlKind kind = (sql != null) ? this.router.classifier().classify(sql) : SqlKind.WRITE;
			if (kind == SqlKind.READ) {
				node = (this.replica != null) ? this.replica : readNodeOrPrimary();
				reason = (node.target == RoutingTarget.REPLICA) ? RoutingReason.READ_STATEMENT : RoutingReason.FALLBACK;
			}
			else {
				node = primaryNode();
				reason = (kind == SqlKind.LOCKING_READ) ? RoutingReason.LOCKING_READ : RoutingReason.WRITE_STATEMENT;
			}
		}
		this.router.listener().onDecision(node.target, node.replicaName, reason);
		return node;
	}

	private Physical readNodeOrPrimary() throws SQLException {
		ReplicaPool pool = this.router.nextReplica();
		return (pool != null) ? replicaNode(pool) : primaryNode();
	}

	/**
	 * Spring's transaction managers set the read-only flag on the connection; the synchronization
	 * flag covers transaction managers or ORMs that do not.
	 */
	private boolean isReadOnlyTransaction() {
		return this.readOnly || (TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly());
	}

	private void refuseIfNotReplicaSafe(String sql, Physical node) {
		SqlKind kind = this.router.classifier().classify(sql);
		if (!kind.isReplicaSafe()) {
			String replicaName = (node != null) ? node.replicaName : null;
			this.router.listener().onMismatch(kind, replicaName);
			throw MismatchMessages.exception(kind, sql, replicaName, this.router.sqlDialect());
		}
	}

	private Physical primaryNode() throws SQLException {
		if (this.primary == null) {
			this.primary = prepare(new Physical(this.router.getPrimary().getConnection(), RoutingTarget.PRIMARY, null));
		}
		return this.primary;
	}

	/** Takes a connection from the replica's pool, or from the primary if the replica fails. */
	private Physical replicaNode(ReplicaPool pool) throws SQLException {
		Connection connection;
		try {
			connection = pool.dataSource().getConnection();
		}
		catch (SQLException | RuntimeException ex) {
			this.router.listener().onFallback(pool.name(), ex);
			return primaryNode();
		}
		this.replica = prepare(new Physical(connection, RoutingTarget.REPLICA, pool.name()));
		return this.replica;
	}

	/** Brings a fresh physical connection to the recorded state. */
	private Physical prepare(Physical node) throws SQLException {
		try {
			if (node.target == RoutingTarget.PRIMARY && this.readOnly) {
				// A replica is read-only by nature; the primary must enforce a read-only transaction.
				node.connection.setReadOnly(true);
			}
			if (this.isolation != this.defaults.transactionIsolation()) {
				node.connection.setTransactionIsolation(this.isolation);
			}
			if (this.holdability != null) {
				node.connection.setHoldability(this.holdability);
			}
			if (this.catalog != null) {
				node.connection.setCatalog(this.catalog);
			}
			if (this.schema != null) {
				node.connection.setSchema(this.schema);
			}
			if (this.typeMap != null) {
				node.connection.setTypeMap(this.typeMap);
			}
			if (this.clientInfo != null) {
				node.connection.setClientInfo(this.clientInfo);
			}
			if (!this.autoCommit) {
				node.connection.setAutoCommit(false);
			}
			return node;
		}
		catch (SQLException | RuntimeException ex) {
			node.connection.close();
			throw ex;
		}
	}

	private void checkOpen() throws SQLException {
		if (this.closed) {
			throw new SQLException("Connection is closed", "08003");
		}
	}

	/** The connection already in use, if any: the pinned one first. */
	private Connection current() {
		Physical node = (this.pinned != null) ? this.pinned : (this.primary != null) ? this.primary : this.replica;
		return (node != null) ? node.connection : null;
	}

	// ---- statements

	@Override
	public Statement createStatement() throws SQLException {
		checkOpen();
		return new RoutingStatement(this, -1, -1, -1);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		checkOpen();
		return new RoutingStatement(this, resultSetType, resultSetConcurrency, -1);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
			throws SQLException {
		checkOpen();
		return new RoutingStatement(this, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		return connectionFor(sql).prepareStatement(sql);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		return connectionFor(sql).prepareStatement(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return connectionFor(sql).prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		return connectionFor(sql).prepareStatement(sql, autoGeneratedKeys);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		return connectionFor(sql).prepareStatement(sql, columnIndexes);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		return connectionFor(sql).prepareStatement(sql, columnNames);
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		return connectionFor(sql).prepareCall(sql);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		return connectionFor(sql).prepareCall(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return connectionFor(sql).prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public String nativeSQL(String sql) throws SQLException {
		Connection current = current();
		return ((current != null) ? current : connectionFor(null)).nativeSQL(sql);
	}

	// ---- transaction state

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		checkOpen();
		if (this.autoCommit == autoCommit) {
			return;
		}
		this.autoCommit = autoCommit;
		forEachOpen((connection) -> connection.setAutoCommit(autoCommit));
		if (autoCommit) {
			// Switching auto-commit on commits the transaction: the next one is routed anew.
			this.pinned = null;
		}
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		checkOpen();
		return this.autoCommit;
	}

	@Override
	public void commit() throws SQLException {
		checkOpen();
		if (this.pinned != null) {
			Physical node = this.pinned;
			this.pinned = null;
			node.connection.commit();
		}
	}

	@Override
	public void rollback() throws SQLException {
		checkOpen();
		if (this.pinned != null) {
			Physical node = this.pinned;
			this.pinned = null;
			node.connection.rollback();
		}
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		return connectionFor(null).setSavepoint();
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		return connectionFor(null).setSavepoint(name);
	}

	@Override
	public void rollback(Savepoint savepoint) throws SQLException {
		connectionFor(null).rollback(savepoint);
	}

	@Override
	public void releaseSavepoint(Savepoint savepoint) throws SQLException {
		connectionFor(null).releaseSavepoint(savepoint);
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		checkOpen();
		if (this.readOnly == readOnly) {
			return;
		}
		this.readOnly = readOnly;
		if (this.primary != null) {
			this.primary.connection.setReadOnly(readOnly);
		}
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		checkOpen();
		return this.readOnly;
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		checkOpen();
		if (this.isolation == level) {
			return;
		}
		this.isolation = level;
		forEachOpen((connection) -> connection.setTransactionIsolation(level));
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		checkOpen();
		return this.isolation;
	}

	@Override
	public void setHoldability(int holdability) throws SQLException {
		checkOpen();
		this.holdability = holdability;
		forEachOpen((connection) -> connection.setHoldability(holdability));
	}

	@Override
	public int getHoldability() throws SQLException {
		checkOpen();
		Connection current = current();
		if (current != null) {
			return current.getHoldability();
		}
		return (this.holdability != null) ? this.holdability : java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT;
	}

	@Override
	public void setCatalog(String catalog) throws SQLException {
		checkOpen();
		this.catalog = catalog;
		forEachOpen((connection) -> connection.setCatalog(catalog));
	}

	@Override
	public String getCatalog() throws SQLException {
		checkOpen();
		Connection current = current();
		return (current != null) ? current.getCatalog() : this.catalog;
	}

	@Override
	public void setSchema(String schema) throws SQLException {
		checkOpen();
		this.schema = schema;
		forEachOpen((connection) -> connection.setSchema(schema));
	}

	@Override
	public String getSchema() throws SQLException {
		checkOpen();
		Connection current = current();
		if (current != null) {
			return current.getSchema();
		}
		return (this.schema != null) ? this.schema
				: (String) this.router.primaryScalar("schema", Connection::getSchema);
	}

	@Override
	public Map<String, Class<?>> getTypeMap() throws SQLException {
		checkOpen();
		Connection current = current();
		return (current != null) ? current.getTypeMap() : (this.typeMap != null) ? this.typeMap : new java.util.HashMap<>();
	}

	@Override
	public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
		checkOpen();
		this.typeMap = map;
		forEachOpen((connection) -> connection.setTypeMap(map));
	}

	@Override
	public void setClientInfo(String name, String value) throws SQLClientInfoException {
		if (this.clientInfo == null) {
			this.clientInfo = new Properties();
		}
		this.clientInfo.setProperty(name, value);
		for (Physical node : openNodes()) {
			node.connection.setClientInfo(name, value);
		}
	}

	@Override
	public void setClientInfo(Properties properties) throws SQLClientInfoException {
		this.clientInfo = new Properties();
		this.clientInfo.putAll(properties);
		for (Physical node : openNodes()) {
			node.connection.setClientInfo(properties);
		}
	}

	@Override
	public String getClientInfo(String name) throws SQLException {
		checkOpen();
		Connection current = current();
		if (current != null) {
			return current.getClientInfo(name);
		}
		return (this.clientInfo != null) ? this.clientInfo.getProperty(name) : null;
	}

	@Override
	public Properties getClientInfo() throws SQLException {
		checkOpen();
		Connection current = current();
		if (current != null) {
			return current.getClientInfo();
		}
		Properties copy = new Properties();
		if (this.clientInfo != null) {
			copy.putAll(this.clientInfo);
		}
		return copy;
	}

	// ---- lifecycle and the rest

	@Override
	public void close() throws SQLException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.pinned = null;
		SQLException failure = null;
		for (Physical node : openNodes()) {
			try {
				node.connection.close();
			}
			catch (SQLException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		this.primary = null;
		this.replica = null;
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		this.closed = true;
		for (Physical node : openNodes()) {
			node.connection.abort(executor);
		}
	}

	@Override
	public boolean isValid(int timeout) throws SQLException {
		if (this.closed) {
			return false;
		}
		Connection current = current();
		return current == null || current.isValid(timeout);
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		checkOpen();
		Connection current = current();
		// Instrumentation often asks for metadata before the first statement; answering from a
		// real connection then would take a node before the routing decision can be made.
		return (current != null) ? current.getMetaData() : LazyDatabaseMetaData.create(this, this.router);
	}

	/** The connection metadata calls that need a real one go to: the current one, or a decided one. */
	Connection connectionOrCurrent() throws SQLException {
		Connection current = current();
		return (current != null) ? current : connectionFor(null);
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

	/** Whether this logical connection is pinned to a replica right now; for tests and diagnostics. */
	RoutingTarget pinnedTarget() {
		return (this.pinned != null) ? this.pinned.target : null;
	}

	@Override
	public String toString() {
		return "RoutingConnection[pinned=" + ((this.pinned != null) ? this.pinned.describe() : "none") + "]";
	}

	private Physical[] openNodes() {
		if (this.primary != null && this.replica != null) {
			return new Physical[] { this.primary, this.replica };
		}
		if (this.primary != null) {
			return new Physical[] { this.primary };
		}
		return (this.replica != null) ? new Physical[] { this.replica } : new Physical[0];
	}

	private void forEachOpen(SqlConsumer action) throws SQLException {
		if (this.primary != null) {
			action.accept(this.primary.connection);
		}
		if (this.replica != null) {
			action.accept(this.replica.connection);
		}
	}

	@FunctionalInterface
	private interface SqlConsumer {

		void accept(Connection connection) throws SQLException;

	}

	/** A physical connection and the node it belongs to. */
	private static final class Physical {

		final Connection connection;

		final RoutingTarget target;

		final String replicaName;

		Physical(Connection connection, RoutingTarget target, String replicaName) {
			this.connection = connection;
			this.target = target;
			this.replicaName = replicaName;
		}

		String describe() {
			return (this.replicaName != null) ? "replica '" + this.replicaName + "'" : "primary";
		}

	}

}
