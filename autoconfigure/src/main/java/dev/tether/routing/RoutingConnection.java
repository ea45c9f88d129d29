package dev.tether.routing;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

import dev.tether.sql.SqlDialect;
import dev.tether.sql.SqlKind;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A logical connection of {@link TetherDataSource}. Settings made before the first statement
 * (auto-commit, read-only, isolation, ...) are recorded ({@link SessionSettings}); the physical
 * connection is taken when a statement is prepared or executed, from the node the routing rules
 * choose then:
 * <ul>
 * <li>in a transaction (auto-commit off), the first statement pins the transaction to one node
 * until commit or rollback ({@link TransactionPin}); a read-only transaction then refuses writes
 * and locking reads before they are sent;</li>
 * <li>in auto-commit mode, every statement is routed by its own SQL.</li>
 * </ul>
 * This class orchestrates; each job is a collaborator's: {@link StatementIntake} classifies and
 * guards statements, {@link ReadRouting} routes reads ({@link ReadSelector} chooses a replica,
 * {@link CausalReads} keeps reads after the session's writes consistent, {@link ReplicaFailover}
 * handles a failing replica), {@link PhysicalConnections} holds the physical connections and
 * {@link SessionSettings} their settings, {@link WriteTracker} and {@link RowBudget} follow what a
 * transaction writes, and {@link LogicalConnection} holds the JDBC pass-throughs. The per-connection
 * ones are this class's superclasses, so that a logical connection is one object
 * ({@link PhysicalConnections} says why).
 * <p>
 * Spring's {@code LazyConnectionDataSourceProxy} defers acquisition too, but it chooses the node
 * when a statement object is created, before the SQL of {@code createStatement()} is known, and
 * cannot refuse a statement per node, so it is not used here.
 * <p>
 * Not thread-safe, like any JDBC connection.
 */
final class RoutingConnection extends LogicalConnection {

	/** What the current read-write transaction wrote; {@code null} until the first read-write transaction. */
	private WriteTracker writes;

	/**
	 * Whether the current transaction on the primary ran a statement that is not a plain read (or
	 * work without SQL): only such a commit needs its transaction id read in a retry boundary.
	 */
	private boolean mayHaveWritten;

	/** The rows the current transaction changed on the primary; {@code null} without a row limit. */
	private final RowBudget rowBudget;

	private boolean closed;

	/** Whether the next statement on the replica is a read's first, which may fail over. */
	private boolean failoverArmed;

	RoutingConnection(RoutingCore core) {
		super(core);
		this.rowBudget = core.guard().settings().countsRows()
				? new RowBudget(core.guard(), core.intake(), core.dialect()) : null;
	}

	// ---- routing

	@Override
	Connection connectionFor(String sql) throws SQLException {
		checkOpen();
		if (this.rowBudget != null) {
			this.rowBudget.checkNotExceeded();
		}
		SqlKind kind = (sql != null) ? this.core.intake().admit(sql) : null;
		return autoCommit() ? statementNode(kind).connection()
				: transactionNode(sql, kind).connection();
	}

	/** Classifies a statement and applies the guards, for a batch that sends it later. */
	void admit(String sql) {
		this.core.intake().admit(sql);
	}

	SqlKind kindOf(String sql) {
		return this.core.intake().kindOf(sql);
	}

	/** @param kind the statement's kind as the intake found it, {@code null} for work without SQL */
	private PhysicalNode transactionNode(String sql, SqlKind kind) throws SQLException {
		PhysicalNode node = pinnedNode();
		if (node != null) {
			if (isReadOnlyRouted()) {
				if (kind != null) {
					refuseIfNotReplicaSafe(kind, sql, node);
				}
			}
			else {
				this.mayHaveWritten |= kind != SqlKind.READ;
				if (this.writes != null) {
					this.writes.statement(kind);
				}
			}
			return node;
		}
		// every transaction on the primary starts here, so the flag needs no reset at its end
		this.mayHaveWritten = kind != SqlKind.READ;
		if (!this.core.routes()) {
			// nor does a transaction id an earlier transaction's statement returned (see CommitSettling)
			CommitSettling.forgetReturned();
			node = pin(primaryNode(), RoutingReason.READ_WRITE, false);
			lockRequestedRow(node);
			return node;
		}
		RoutingContext context = RoutingContextHolder.current();
		if (context.isForceMaster() || !isReadOnlyTransaction()) {
			CommitSettling.forgetReturned();
			node = pin(primaryNode(), context.isForceMaster() ? RoutingReason.FORCE_MASTER
					: RoutingReason.READ_WRITE, false);
			if (this.writes == null) {
				// read-only transactions never need one
				this.writes = new WriteTracker(this.core.causal());
			}
			this.writes.transactionStarted(kind);
			lockRequestedRow(node);
			return node;
		}
		if (kind != null) {
			refuseIfNotReplicaSafe(kind, sql, null);
		}
		RoutingReason reason = routeRead(context);
		return pin(readNode(reason), reason, true);
	}

	/** @param statementKind the statement's kind, {@code null} for work without SQL (which is a write's) */
	private PhysicalNode statementNode(SqlKind statementKind) throws SQLException {
		if (!this.core.routes()) {
			return primaryNode();
		}
		PhysicalNode node;
		RoutingReason reason;
		RoutingContext context = RoutingContextHolder.current();
		SqlKind kind = (statementKind != null) ? statementKind : SqlKind.WRITE;
		if (context.isForceMaster()) {
			node = primaryNode();
			reason = RoutingReason.FORCE_MASTER;
		}
		else if (kind == SqlKind.READ) {
			RoutingReason readReason = routeRead(context);
			node = readNode(readReason);
			reason = (readReason == RoutingReason.READ_ONLY) ? RoutingReason.READ_STATEMENT : readReason;
		}
		else {
			node = primaryNode();
			reason = (kind == SqlKind.LOCKING_READ) ? RoutingReason.LOCKING_READ : RoutingReason.WRITE_STATEMENT;
			if (kind == SqlKind.WRITE && this.core.causal().tracksWrites()) {
				this.core.causal().recordWrite();
			}
		}
		this.core.listener().onDecision(node.target(), node.replicaName(), reason);
		return node;
	}

	/**
	 * Routes a read ({@link ReadRouting}); a read on a replica may fail over. The reason is returned
	 * rather than kept in a field: every field here is carried by every logical connection.
	 * @return {@link RoutingReason#READ_ONLY} when the read goes to the replica now held, else why
	 * it goes to the primary
	 */
	private RoutingReason routeRead(RoutingContext context) throws SQLException {
		RoutingReason reason = this.core.readRouting().route(context, this, autoCommit());
		if (reason == RoutingReason.READ_ONLY) {
			this.failoverArmed = true;
		}
		return reason;
	}

	/** The node a read routed for {@code reason} runs on. */
	private PhysicalNode readNode(RoutingReason reason) throws SQLException {
		return (reason == RoutingReason.READ_ONLY) ? replicaNode() : primaryNode();
	}

	/**
	 * Spring's transaction managers set the read-only flag on the connection; the synchronization
	 * flag covers transaction managers or ORMs that do not.
	 */
	/** Takes a row lock requested for this transaction ({@link RowLockFirst}); a read-only one cannot lock. */
	private void lockRequestedRow(PhysicalNode node) throws SQLException {
		if (RowLockFirst.anyOpen() && !isReadOnlyTransaction()) {
			RowLockFirst.lockIfRequested(node.connection());
		}
	}

	private boolean isReadOnlyTransaction() {
		return readOnly() || (TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly());
	}

	private void refuseIfNotReplicaSafe(SqlKind kind, String sql, PhysicalNode node) {
		if (!kind.isReplicaSafe()) {
			String replicaName = (node != null) ? node.replicaName() : null;
			this.core.listener().onMismatch(kind, replicaName);
			throw MismatchMessages.exception(kind, sql, replicaName, this.core.dialect());
		}
	}

	@Override
	void checkOpen() throws SQLException {
		if (this.closed) {
			throw new SQLException("Connection is closed", "08003");
		}
	}

	/** The connection already in use, if any: the pinned one first. */
	@Override
	Connection current() {
		return inUse(pinnedNode());
	}

	// ---- statements

	@Override
	public Statement createStatement() throws SQLException {
		return createStatement(-1, -1, -1);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		return createStatement(resultSetType, resultSetConcurrency, -1);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
			throws SQLException {
		checkOpen();
		return new RoutingStatement(this, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	/**
	 * Wraps a statement prepared on the chosen node. The first statement of a read on a replica can
	 * move to another node if the replica turns out dead when it executes
	 * ({@link FailoverPreparedStatement}), which needs the variant it was prepared with
	 * ({@code form}, made only while a failover is armed); every other statement only forwards, or
	 * counts its rows.
	 */
	@Override
	PreparedStatement prepared(Connection physical, PreparedStatement statement, String sql,
			PreparedForm form) {
		if (consumeFailover(physical)) {
			return new FailoverPreparedStatement(this, statement, sql, form);
		}
		if (countsRowsOn(physical)) {
			return new RowCountingPreparedStatement(this, this.rowBudget, physical, statement, sql);
		}
		return new ForwardingPreparedStatement<>(this, statement);
	}

	/**
	 * Inside a retry boundary, the transaction's first single-row write on a PostgreSQL 13+ primary
	 * returns the transaction's id, so that the commit asks for nothing before {@code COMMIT}
	 * ({@link CommitSettling}, {@link SingleRowWrite}, {@link ReturningTables}). Not while a row
	 * limit counts the statement's rows: that wrapper is the one the statement needs then. A
	 * statement that ends with the clause already ({@code VersionedUpdate}'s, at every attempt) is
	 * left at the first tests, before the clause is looked up again or the text read.
	 */
	@Override
	PreparedStatement preparedReturningTransactionId(Connection physical, String sql) throws SQLException {
		// a read on a replica, or auto-commit, leaves at the first test, without the thread-local
		if (physical != primaryInTransaction() || !CommitSettling.wantsTransactionId(physical)
				|| countsRowsOn(physical) || CommitSettling.endsWithTransactionIdClause(sql)) {
			return null;
		}
		// the clause first: null at once on MySQL, MariaDB and PostgreSQL before 13
		String clause = CommitSettling.transactionIdClause(this);
		SingleRowWrite write = (clause != null) ? SingleRowWrite.parse(sql) : null;
		if (write == null || (write.isInsert() && PgjdbcConnections.rewritesBatchedInserts(physical))
				|| !ReturningTables.accept(this.core, physical, write)) {
			return null;
		}
		return new IdReturningPreparedStatement(this,
				physical.prepareStatement(sql + clause, java.sql.Statement.RETURN_GENERATED_KEYS), physical,
				write.table());
	}

	@Override
	CallableStatement called(Connection physical, CallableStatement statement, String sql) {
		return countsRowsOn(physical) ? new RowCountingCallableStatement(this, this.rowBudget, physical, statement, sql)
				: new ForwardingCallableStatement(this, statement);
	}

	/** Whether the statements of this physical connection count the rows they change. */
	private boolean countsRowsOn(Connection physical) {
		return this.rowBudget != null && isPrimary(physical);
	}

	/**
	 * Returns the driver's statement of a {@link RoutingStatement}, or, while a row limit is set
	 * and the statement is on the primary, one that counts the rows it changes. The routing
	 * statement is what the application holds, so this one needs no wrapper otherwise.
	 */
	Statement counted(Statement statement, Connection physical) {
		return countsRowsOn(physical) ? new RowCountingStatement(this, this.rowBudget, physical, statement) : statement;
	}

	@Override
	boolean failoverArmed() {
		return this.failoverArmed;
	}

	/** Whether the logical connection is in auto-commit mode; for the row budget. */
	boolean inAutoCommit() {
		return autoCommit();
	}

	/** Whether a read's first statement on this physical connection may fail over; consumes the chance. */
	boolean consumeFailover(Connection physical) {
		if (this.failoverArmed && isReplica(physical)) {
			this.failoverArmed = false;
			return true;
		}
		return false;
	}

	/**
	 * Moves a read whose replica connection broke before anything was read: marks the replica down,
	 * chooses again and re-pins the transaction.
	 * @return the physical connection the read moved to
	 */
	Connection failover(SQLException cause) throws SQLException {
		PhysicalNode broken = dropReplica();
		this.core.failover().broke(broken, cause);
		RoutingReason reason = routeRead(RoutingContextHolder.current());
		PhysicalNode node = readNode(reason);
		moved(broken, node);
		this.core.listener().onDecision(node.target(), node.replicaName(),
				(node.target() == RoutingTarget.PRIMARY) ? RoutingReason.FALLBACK : reason);
		return node.connection();
	}

	// ---- transaction state

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		checkOpen();
		if (autoCommit() == autoCommit) {
			return;
		}
		StatementGuardException failure = (this.rowBudget != null) ? this.rowBudget.failure() : null;
		if (autoCommit && failure != null) {
			// switching auto-commit on would commit a transaction that went above the row limit
			rollback();
			recordAutoCommit(true);
			throw failure;
		}
		resetRowCount();
		// switching auto-commit on commits: the node's answer to it may name the commit's position
		PhysicalNode ended = pinnedNode();
		boolean committed = false;
		try {
			recordAutoCommit(autoCommit);
			committed = true;
		}
		finally {
			if (autoCommit) {
				// Switching auto-commit on commits the transaction: the next one is routed anew.
				unpin(committed);
			}
		}
		if (autoCommit && this.writes != null) {
			this.writes.committed(primaryConnection(ended));
		}
		if (autoCommit) {
			// ends the transaction: a transaction id one of its statements returned names it no more
			CommitSettling.forgetReturned();
		}
	}

	/**
	 * Whether the transaction runs on a PostgreSQL 13+ primary, where a statement can return its
	 * transaction's id for {@link CommitSettling}.
	 */
	boolean capturesTransactionId() {
		if (this.core.dialect() != SqlDialect.POSTGRESQL || autoCommit()) {
			return false;
		}
		Connection physical = primaryInTransaction();
		if (physical != null) {
			return CommitSettler.hasXactStatus(this.core, physical);
		}
		// the transaction's first statement: a write pins the primary, whose version is known once
		// any commit inside a boundary asked for it
		return pinnedNode() == null && CommitSettler.knownToHaveXactStatus(this.core);
	}

	/** The primary's physical connection of the current transaction, {@code null} outside one. */
	Connection primaryInTransaction() {
		PhysicalNode node = pinnedNode();
		return (node != null && node.target() == RoutingTarget.PRIMARY && !autoCommit())
				? node.connection() : null;
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		checkOpen();
		return autoCommit();
	}

	@Override
	public void commit() throws SQLException {
		checkOpen();
		StatementGuardException failure = (this.rowBudget != null) ? this.rowBudget.failure() : null;
		if (failure != null) {
			rollback();
			throw failure;
		}
		resetRowCount();
		PhysicalNode node = pinnedNode();
		if (node != null) {
			boolean committed = false;
			try {
				if (node.target() == RoutingTarget.PRIMARY && CommitSettling.isActive()) {
					// a boundary that re-runs failed work: a commit whose answer is lost is settled first
					CommitSettler.commit(this.core, node, this.mayHaveWritten);
				}
				else {
					commitOn(node);
				}
				committed = true;
				node.answered();
			}
			catch (SQLException ex) {
				if (!this.core.failover().endedOnBrokenReplica(node, ex)) {
					throw ex;
				}
				committed = true;
			}
			finally {
				unpin(committed);
			}
			if (this.writes != null) {
				this.writes.committed(primaryConnection(node));
			}
		}
	}

	/**
	 * Commits outside a settling boundary. On the primary, a connection Tether already aborted (the
	 * primary turned DOWN while the transaction was idle) is refused before {@code COMMIT} is sent,
	 * so its outcome is known; one aborted while {@code COMMIT} was in flight leaves it unknown, and
	 * the exception says so. A replica's commit failures are the caller's (nothing to commit there).
	 */
	private void commitOn(PhysicalNode node) throws SQLException {
		if (node.isReplica()) {
			node.connection().commit();
			return;
		}
		String aborted = node.abortedBecause();
		if (aborted != null) {
			throw AbortedWork.translate(null, null, aborted, AbortedWork.describeWork(),
					AbortedWork.Stage.BEFORE_COMMIT);
		}
		try {
			node.connection().commit();
		}
		catch (SQLException ex) {
			throw AbortedWork.translate(ex, null, node.abortedBecause(), AbortedWork.describeWork(),
					AbortedWork.Stage.COMMIT);
		}
	}

	@Override
	SQLException failed(SQLException failure, Connection physical) {
		PhysicalNode node = held(physical, pinnedNode());
		if (node == null) {
			return failure;
		}
		return AbortedWork.translate(failure, node.replicaName(), node.abortedBecause(),
				AbortedWork.describeWork(), AbortedWork.Stage.WORK);
	}

	@Override
	public void rollback() throws SQLException {
		checkOpen();
		CommitSettling.forgetReturned();
		if (this.writes != null) {
			this.writes.rolledBack();
		}
		resetRowCount();
		PhysicalNode node = pinnedNode();
		if (node != null) {
			try {
				node.connection().rollback();
				node.answered();
			}
			catch (SQLException ex) {
				// a broken connection's transaction is already rolled back by the server: the rollback
				// succeeded, and throwing here would hide the failure that caused it (Hikari answers a
				// connection it marked broken with "Connection is closed" and no SQLState)
				if (!BrokenConnections.isBroken(ex) && !isClosed(node.connection())) {
					throw ex;
				}
				this.core.failover().endedOnBrokenReplica(node, ex);
			}
			finally {
				unpin(false);
			}
		}
	}

	/** The physical connection of a node that is the primary, {@code null} for a replica or none. */
	private static Connection primaryConnection(PhysicalNode node) {
		return (node != null && node.target() == RoutingTarget.PRIMARY) ? node.connection() : null;
	}

	private static boolean isClosed(Connection physical) {
		try {
			return physical.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	private void resetRowCount() {
		if (this.rowBudget != null) {
			this.rowBudget.reset();
		}
	}

	// ---- lifecycle

	@Override
	public void close() throws SQLException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		// Closed in the middle of a transaction: the pool rolls it back.
		unpin(false);
		closeAll();
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		this.closed = true;
		unpin(false);
		abortAll(executor);
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
			return primaryNode().connection().isValid(timeout);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		checkOpen();
		return new RoutingDatabaseMetaData(this, this.core.primaryFacts());
	}

	@Override
	public String toString() {
		return "RoutingConnection[pinned=" + describePin() + "]";
	}

}
