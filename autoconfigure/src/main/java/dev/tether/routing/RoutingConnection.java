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

import java.util.concurrent.locks.LockSupport;

import dev.tether.replica.ReplicaHealth;
import dev.tether.replica.ReplicationProbe;
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

	/** How often a causal read asks a replica whether it has caught up. */
	private static final long CAUSAL_POLL_NANOS = 2_000_000;

	private final TetherDataSource router;

	private final TetherDataSource.ConnectionDefaults defaults;

	/**
	 * Whether there are replicas to route to. Without them the connection only guards statements:
	 * everything runs on the primary, and no routing event is reported.
	 */
	private final boolean routes;

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

	/** Whether the pinned read-write transaction's writes are tracked for read-your-writes. */
	private boolean trackWrites;

	/** Whether the pinned read-write transaction ran a write, recorded in the session at commit. */
	private boolean wrote;

	/** Why the last read went where it went; set by readNode. */
	private RoutingReason readReason;

	/** Whether the next prepared statement on the replica is a read's first, which may fail over. */
	private boolean failoverArmed;

	/** When the current transaction was pinned, from {@link System#nanoTime()}. */
	private long pinnedAt;

	/** The current transaction's observation, {@code null} when none is observed. */
	private TransactionObserver.Handle observation;

	/** Rows the current transaction changed on the primary, counted while a row limit is set. */
	private long rowsChanged;

	/** Whether the current transaction went above the row limit and was reported. */
	private boolean rowLimitReported;

	/** Why the current transaction can only roll back: it went above the row limit, which fails. */
	private StatementGuardException rowLimitFailure;

	RoutingConnection(TetherDataSource router, TetherDataSource.ConnectionDefaults defaults) {
		this.router = router;
		this.defaults = defaults;
		this.routes = router.replicaCount() > 0;
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
		if (this.rowLimitFailure != null) {
			throw this.router.guard().afterRowLimit();
		}
		if (sql != null) {
			checkStatement(sql);
		}
		return this.autoCommit ? statementNode(sql).connection : transactionNode(sql).connection;
	}

	/** Applies the statement guards to a statement before it is prepared or sent. */
	void checkStatement(String sql) {
		this.router.guard().checkStatement(sql, this.router.classifier(), this.router.sqlDialect());
	}

	SqlKind classify(String sql) {
		return this.router.classifier().classify(sql);
	}

	private Physical transactionNode(String sql) throws SQLException {
		Physical node = this.pinned;
		if (!this.routes) {
			if (node == null) {
				node = primaryNode();
				this.pinned = node;
			}
			return node;
		}
		if (node != null) {
			if (this.readOnlyRouted) {
				if (sql != null) {
					refuseIfNotReplicaSafe(sql, node);
				}
			}
			else if (this.trackWrites && !this.wrote && sql != null) {
				this.wrote = classify(sql) == SqlKind.WRITE;
			}
			return node;
		}
		RoutingContext context = RoutingContextHolder.current();
		if (context.isForceMaster()) {
			return pinWriter(RoutingReason.FORCE_MASTER, sql);
		}
		if (!isReadOnlyTransaction()) {
			return pinWriter(RoutingReason.READ_WRITE, sql);
		}
		if (sql != null) {
			refuseIfNotReplicaSafe(sql, null);
		}
		node = readNode(context);
		return pin(node, this.readReason, true);
	}

	/** Pins a transaction to the primary; writes are tracked for read-your-writes. */
	private Physical pinWriter(RoutingReason reason, String sql) throws SQLException {
		Physical node = pin(primaryNode(), reason, false);
		this.trackWrites = this.router.readPolicy().readYourWrites() != ReadPolicy.ReadYourWrites.NONE;
		this.wrote = this.trackWrites && sql != null && classify(sql) == SqlKind.WRITE;
		return node;
	}

	private Physical pin(Physical node, RoutingReason reason, boolean readOnlyRouted) {
		this.pinned = node;
		this.readOnlyRouted = readOnlyRouted;
		this.pinnedAt = System.nanoTime();
		this.router.listener().onDecision(node.target, node.replicaName, reason);
		TransactionObserver observer = this.router.observer();
		if (observer != null) {
			this.observation = observer.onTransactionStart(node.target, node.replicaName, reason);
		}
		return node;
	}

	/** Unpins the current transaction and reports its end; the caller has checked it is pinned. */
	private void unpin(boolean committed) {
		Physical node = this.pinned;
		this.pinned = null;
		if (!this.routes) {
			return;
		}
		this.router.listener().onTransactionEnd(node.target, node.replicaName, System.nanoTime() - this.pinnedAt,
				committed);
		TransactionObserver.Handle handle = this.observation;
		if (handle != null) {
			this.observation = null;
			handle.onTransactionEnd(committed);
		}
	}

	private Physical statementNode(String sql) throws SQLException {
		if (!this.routes) {
			return primaryNode();
		}
		Physical node;
		RoutingReason reason;
		RoutingContext context = RoutingContextHolder.current();
		if (context.isForceMaster()) {
			node = primaryNode();
			reason = RoutingReason.FORCE_MASTER;
		}
		else {
			SqlKind kind = (sql != null) ? classify(sql) : SqlKind.WRITE;
			if (kind == SqlKind.READ) {
				node = readNode(context);
				reason = (this.readReason == RoutingReason.READ_ONLY) ? RoutingReason.READ_STATEMENT : this.readReason;
			}
			else {
				node = primaryNode();
				reason = (kind == SqlKind.LOCKING_READ) ? RoutingReason.LOCKING_READ : RoutingReason.WRITE_STATEMENT;
				if (kind == SqlKind.WRITE && this.router.readPolicy().readYourWrites() != ReadPolicy.ReadYourWrites.NONE) {
					RoutingContextHolder.session().recordWrite(this.router);
				}
			}
		}
		this.router.listener().onDecision(node.target, node.replicaName, reason);
		return node;
	}

	/**
	 * Chooses the node of a read: a replica that is up, within the tolerated lag and, after the
	 * session's own writes, known to have replayed them (or catching up within the causal wait);
	 * else the primary, or a failure when the fallback is off. Sets {@link #readReason}.
	 */
	private Physical readNode(RoutingContext context) throws SQLException {
		ReadPolicy policy = this.router.readPolicy();
		long maxLag = (context.getMaxLagNanos() >= 0) ? context.getMaxLagNanos()
				: this.router.getMonitor().maxLagNanos();
		long required = -1;
		if (policy.readYourWrites() != ReadPolicy.ReadYourWrites.NONE) {
			CausalSession session = (context.getSession() != null) ? context.getSession() : RoutingContextHolder.session();
			if (policy.readYourWrites() == ReadPolicy.ReadYourWrites.WINDOW) {
				if (session.wroteWithin(policy.window().toNanos())) {
					return primaryRead(RoutingReason.READ_YOUR_WRITES);
				}
			}
			else {
				required = requiredPosition(session);
				if (required == TetherDataSource.POSITION_UNKNOWN) {
					// positions do not compare on this database (several GTID domains or sources, no GTIDs)
					if (session.wroteWithin(policy.window().toNanos())) {
						return primaryRead(RoutingReason.READ_YOUR_WRITES);
					}
					required = -1;
				}
			}
		}
		if (this.replica != null) {
			ReplicaHealth health = this.router.healthOf(this.replica.replicaName);
			if (health.acceptsReads(maxLag) && (required < 0 || health.replayPosition() >= required)) {
				this.readReason = RoutingReason.READ_ONLY;
				this.failoverArmed = true;
				return this.replica;
			}
			releaseReplica();
		}
		boolean failedOver = false;
		for (int attempt = 0; attempt < this.router.replicaCount(); attempt++) {
			ReplicaPool pool = this.router.nextReplica(maxLag, required);
			boolean known = pool != null;
			if (pool == null && required >= 0) {
				// none is known to have replayed the session's writes: one that may catch up soon
				pool = this.router.nextReplica(maxLag, -1);
			}
			if (pool == null) {
				break;
			}
			Connection connection = acquire(pool);
			if (connection == null) {
				failedOver = true;
				continue;
			}
			if (!known && !awaitReplay(connection, pool, required, policy.causalWait())) {
				connection.close();
				return primaryRead(RoutingReason.READ_YOUR_WRITES);
			}
			this.replica = prepare(new Physical(connection, RoutingTarget.REPLICA, pool.name()));
			this.readReason = RoutingReason.READ_ONLY;
			this.failoverArmed = true;
			return this.replica;
		}
		if (!policy.fallbackToPrimary()) {
			throw new NoReplicaAvailableException("No replica can serve the read-only work of "
					+ describeTransaction() + ": replicas " + this.router.getMonitor().statuses().stream()
						.map((status) -> status.name() + "=" + status.state()
								+ ((status.lag() != null) ? " (lag " + status.lag().toMillis() + " ms)" : ""))
						.toList()
					+ ", tolerated lag " + java.time.Duration.ofNanos(maxLag).toMillis()
					+ " ms. The primary is not used because tether.replica.fallback=fail.");
		}
		return primaryRead(failedOver ? RoutingReason.FALLBACK : RoutingReason.NO_REPLICA);
	}

	private Physical primaryRead(RoutingReason reason) throws SQLException {
		this.readReason = reason;
		return primaryNode();
	}

	/**
	 * Takes a connection from a replica's pool. A refusal marks the replica down at once (so no
	 * other request waits for it) and is counted as a fallback.
	 */
	private Connection acquire(ReplicaPool pool) {
		long start = System.nanoTime();
		try {
			Connection connection = pool.dataSource().getConnection();
			this.router.listener().onAcquired(RoutingTarget.REPLICA, pool.name(), System.nanoTime() - start);
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			this.router.getMonitor().markDown(pool.name(), ex);
			this.router.listener().onFallback(pool.name(), ex);
			return null;
		}
	}

	/**
	 * Waits until a replica has replayed a position, asking it directly. Runs on the fresh
	 * connection before the transaction's settings apply, so the check never opens the
	 * transaction's snapshot. It polls rather than using a database's own wait (MariaDB's
	 * MASTER_GTID_WAIT) so that one loop serves every probe, and the wait is short (the causal
	 * wait, 20 ms by default): a poll costs one round trip per 2 ms on a connection that is held
	 * anyway.
	 */
	private boolean awaitReplay(Connection connection, ReplicaPool pool, long required, java.time.Duration wait) {
		ReplicationProbe probe = this.router.getMonitor().probe();
		long deadline = System.nanoTime() + wait.toNanos();
		try {
			while (true) {
				long replayed = probe.replayPosition(connection);
				pool.health().observeReplayPosition(replayed);
				if (replayed >= required) {
					return true;
				}
				if (System.nanoTime() >= deadline) {
					return false;
				}
				LockSupport.parkNanos(CAUSAL_POLL_NANOS);
			}
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	/** The position the session's reads must see, asking the primary once after new writes. */
	private long requiredPosition(CausalSession session) {
		return this.router.requiredPosition(session,
				(this.primary != null && this.autoCommit) ? this.primary.connection : null);
	}

	private void releaseReplica() throws SQLException {
		Physical stale = this.replica;
		this.replica = null;
		stale.connection.close();
	}

	private String describeTransaction() {
		String name = TransactionSynchronizationManager.getCurrentTransactionName();
		return (name != null) ? name : "a statement outside a Spring transaction";
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
			Connection connection;
			long start = System.nanoTime();
			try {
				connection = this.router.getPrimary().getConnection();
			}
			catch (SQLException ex) {
				throw new PrimaryUnavailableException(describeTransaction(), ex);
			}
			if (this.routes) {
				this.router.listener().onAcquired(RoutingTarget.PRIMARY, null, System.nanoTime() - start);
			}
			this.primary = prepare(new Physical(connection, RoutingTarget.PRIMARY, null));
		}
		return this.primary;
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
		return prepared(connectionFor(sql), sql, (connection) -> connection.prepareStatement(sql));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		return prepared(connectionFor(sql), sql,
				(connection) -> connection.prepareStatement(sql, resultSetType, resultSetConcurrency));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return prepared(connectionFor(sql), sql, (connection) -> connection.prepareStatement(sql, resultSetType,
				resultSetConcurrency, resultSetHoldability));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		return prepared(connectionFor(sql), sql, (connection) -> connection.prepareStatement(sql, autoGeneratedKeys));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		return prepared(connectionFor(sql), sql, (connection) -> connection.prepareStatement(sql, columnIndexes));
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		return prepared(connectionFor(sql), sql, (connection) -> connection.prepareStatement(sql, columnNames));
	}

	/**
	 * Prepares on the chosen node. The first statement of a read on a replica can move to another
	 * node if the replica turns out dead when it executes (see FailoverStatement); every other
	 * statement is the driver's own, with no indirection.
	 */
	private PreparedStatement prepared(Connection connection, String sql, FailoverStatement.StatementFactory factory)
			throws SQLException {
		PreparedStatement statement = factory.prepare(connection);
		if (this.failoverArmed && this.replica != null && connection == this.replica.connection) {
			this.failoverArmed = false;
			return FailoverStatement.wrap(this, statement, factory);
		}
		return counted(statement, PreparedStatement.class, connection, sql);
	}

	/**
	 * Returns the driver's statement, or, while a row limit is set and the statement is on the
	 * primary, one that counts the rows it changes.
	 */
	<T extends Statement> T counted(T statement, Class<T> type, Connection connection, String sql) {
		if (this.primary != null && connection == this.primary.connection
				&& this.router.guard().settings().countsRows()) {
			return RowCountingStatement.wrap(statement, type, this, sql);
		}
		return statement;
	}

	/** An execution of a statement on the primary. */
	@FunctionalInterface
	interface Execution {

		Object run() throws Throwable;

	}

	/** The rows an execution's result says it changed. */
	@FunctionalInterface
	interface RowCount {

		long of(Object result) throws SQLException;

	}

	/**
	 * Runs a statement on the primary and holds the rows it changed against the row limit. In a
	 * transaction they add to the transaction's count; above the limit with the action
	 * {@code FAIL} the statement throws and the transaction can only roll back. In auto-commit
	 * mode the statement is its own transaction: a write runs in an explicit one, so that going
	 * above the limit rolls it back instead of having committed it already.
	 * @param sql the statement's SQL, {@code null} for a batch of plain statements
	 * @param mayRead whether the execution may be a query ({@code execute()}), judged by its SQL
	 */
	Object countRows(Execution execution, RowCount rowCount, String sql, boolean mayRead) throws Throwable {
		if (!this.autoCommit) {
			Object result = execution.run();
			addRows(rowCount.of(result), sql);
			return result;
		}
		if (mayRead && sql != null && classify(sql) != SqlKind.WRITE) {
			return execution.run();
		}
		Connection physical = this.primary.connection;
		physical.setAutoCommit(false);
		try {
			Object result;
			try {
				result = execution.run();
				long rows = rowCount.of(result);
				if (rows > this.router.guard().settings().maxRowsPerTransaction()) {
					this.router.guard().rowLimitExceeded(rows, sql, this.router.sqlDialect());
				}
			}
			catch (Throwable ex) {
				try {
					physical.rollback();
				}
				catch (SQLException rollbackFailure) {
					ex.addSuppressed(rollbackFailure);
				}
				throw ex;
			}
			physical.commit();
			return result;
		}
		finally {
			physical.setAutoCommit(true);
		}
	}

	private void addRows(long rows, String sql) {
		this.rowsChanged += rows;
		if (!this.rowLimitReported && this.rowsChanged > this.router.guard().settings().maxRowsPerTransaction()) {
			this.rowLimitReported = true;
			try {
				this.router.guard().rowLimitExceeded(this.rowsChanged, sql, this.router.sqlDialect());
			}
			catch (StatementGuardException ex) {
				this.rowLimitFailure = ex;
				throw ex;
			}
		}
	}

	private void resetRowCount() {
		this.rowsChanged = 0;
		this.rowLimitReported = false;
		this.rowLimitFailure = null;
	}

	/** Whether a plain statement's first execution on this connection may fail over; consumes the chance. */
	boolean consumeFailover(Connection connection) {
		if (this.failoverArmed && this.replica != null && connection == this.replica.connection) {
			this.failoverArmed = false;
			return true;
		}
		return false;
	}

	/**
	 * Moves a read whose replica connection broke before anything was read: marks the replica down,
	 * chooses again and re-pins the transaction.
	 */
	Connection failover(SQLException cause) throws SQLException {
		Physical broken = this.replica;
		this.replica = null;
		this.router.getMonitor().markDown(broken.replicaName, cause);
		this.router.listener().onFallback(broken.replicaName, cause);
		try {
			broken.connection.close();
		}
		catch (SQLException ex) {
			// the pool discards a broken connection; nothing else to do
		}
		Physical node = readNode(RoutingContextHolder.current());
		if (this.pinned == broken) {
			this.pinned = node;
		}
		this.router.listener().onDecision(node.target, node.replicaName,
				(node.target == RoutingTarget.PRIMARY) ? RoutingReason.FALLBACK : this.readReason);
		return node.connection;
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		Connection connection = connectionFor(sql);
		return counted(connection.prepareCall(sql), CallableStatement.class, connection, sql);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		Connection connection = connectionFor(sql);
		return counted(connection.prepareCall(sql, resultSetType, resultSetConcurrency), CallableStatement.class,
				connection, sql);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		Connection connection = connectionFor(sql);
		return counted(connection.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
				CallableStatement.class, connection, sql);
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
		if (autoCommit && this.rowLimitFailure != null) {
			// switching auto-commit on would commit a transaction that went above the row limit
			StatementGuardException failure = this.rowLimitFailure;
			rollback();
			this.autoCommit = true;
			forEachOpen((connection) -> connection.setAutoCommit(true));
			throw failure;
		}
		resetRowCount();
		this.autoCommit = autoCommit;
		boolean committed = false;
		try {
			forEachOpen((connection) -> connection.setAutoCommit(autoCommit));
			committed = true;
		}
		finally {
			if (autoCommit && this.pinned != null) {
				// Switching auto-commit on commits the transaction: the next one is routed anew.
				unpin(committed);
			}
		}
		if (autoCommit) {
			recordCommittedWrites();
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
		if (this.rowLimitFailure != null) {
			StatementGuardException failure = this.rowLimitFailure;
			rollback();
			throw failure;
		}
		resetRowCount();
		if (this.pinned != null) {
			Physical node = this.pinned;
			boolean committed = false;
			try {
				node.connection.commit();
				committed = true;
			}
			catch (SQLException ex) {
				endReadOnBrokenReplica(node, ex);
				committed = true;
			}
			finally {
				unpin(committed);
			}
			recordCommittedWrites();
		}
	}

	/**
	 * A read-only transaction on a replica has nothing to commit or roll back: if the replica died
	 * after the reads, the transaction's outcome is the same, so only the replica is marked down.
	 */
	private void endReadOnBrokenReplica(Physical node, SQLException ex) throws SQLException {
		if (node.target != RoutingTarget.REPLICA || !FailoverStatement.isBrokenConnection(ex)) {
			throw ex;
		}
		this.router.getMonitor().markDown(node.replicaName, ex);
	}

	/** A committed write makes later reads of the same session wait for it (read-your-writes). */
	private void recordCommittedWrites() {
		if (this.wrote) {
			this.wrote = false;
			RoutingContextHolder.session().recordWrite(this.router);
		}
	}

	@Override
	public void rollback() throws SQLException {
		checkOpen();
		this.wrote = false;
		resetRowCount();
		if (this.pinned != null) {
			Physical node = this.pinned;
			try {
				node.connection.rollback();
			}
			catch (SQLException ex) {
				// a broken connection's transaction is already rolled back by the server: the rollback
				// succeeded, and throwing here would hide the failure that caused it
				if (!FailoverStatement.isBrokenConnection(ex)) {
					throw ex;
				}
				if (node.target == RoutingTarget.REPLICA) {
					this.router.getMonitor().markDown(node.replicaName, ex);
				}
			}
			finally {
				unpin(false);
			}
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
		if (this.pinned != null) {
			// Closed in the middle of a transaction: the pool rolls it back.
			unpin(false);
		}
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
		if (this.pinned != null) {
			unpin(false);
		}
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
		if (current != null) {
			return current.isValid(timeout);
		}
		// No node yet: answer for the primary, which every write depends on. Answering true without
		// asking made health checks that validate a fresh connection (Spring Boot's "db") report a
		// dead primary as UP.
		try {
			return primaryNode().connection.isValid(timeout);
		}
		catch (SQLException ex) {
			return false;
		}
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
