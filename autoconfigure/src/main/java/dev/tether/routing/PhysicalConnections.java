package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The physical connections one logical connection holds: at most one of the primary, taken at the
 * first statement that needs it, and at most one of a replica, kept for the reads that follow.
 * Each is brought to the session's settings when taken ({@link #prepare}); once given back, the
 * settings no longer reach it. Not thread-safe, like the connection.
 * <p>
 * The first of the layers a logical connection is made of: {@code PhysicalConnections} ←
 * {@link TransactionPin} ← {@link SessionSettings} ← {@link LogicalConnection} ←
 * {@link RoutingConnection}, each with one job and its own private state. They are superclasses
 * rather than objects the connection holds so that a logical connection is one object: every
 * transaction takes one, and a collaborator object each would cost its header and a reference
 * (issue 11 caps what a read-only transaction allocates above a plain pool at 150 bytes).
 */
abstract class PhysicalConnections {

	/** What the router's connections share; package-private for the layers above. */
	final RoutingCore core;

	private PhysicalNode primary;

	private PhysicalNode replica;

	PhysicalConnections(RoutingCore core) {
		this.core = core;
	}

	/**
	 * Brings a physical connection just taken to the recorded session settings; closes it when a
	 * setting fails. {@link SessionSettings} knows the settings.
	 */
	abstract void prepare(PhysicalNode node) throws SQLException;

	/** The primary's connection, taken from its pool the first time. */
	PhysicalNode primaryNode() throws SQLException {
		if (this.primary == null) {
			String down = this.core.routes() ? this.core.failover().primaryDown() : null;
			if (down != null) {
				throw new PrimaryUnavailableException(describeTransaction(),
						new java.sql.SQLTransientConnectionException("the primary is DOWN: " + down, "08001"));
			}
			Connection connection;
			long start = System.nanoTime();
			try {
				connection = this.core.primary().getConnection();
			}
			catch (SQLException ex) {
				throw new PrimaryUnavailableException(describeTransaction(), ex);
			}
			if (this.core.routes()) {
				this.core.listener().onAcquired(RoutingTarget.PRIMARY, null, System.nanoTime() - start);
			}
			this.primary = prepared(PhysicalNode.entered(connection, null,
					this.core.failover().inFlight(null)));
		}
		return this.primary;
	}

	/** The primary's connection if one is held, else {@code null}. */
	Connection heldPrimary() {
		return (this.primary != null) ? this.primary.connection() : null;
	}

	/** The replica's connection if one is held, else {@code null}. */
	Connection heldReplica() {
		return (this.replica != null) ? this.replica.connection() : null;
	}

	/** The replica's connection held for reads, {@code null} when none is. */
	PhysicalNode replicaNode() {
		return this.replica;
	}

	/** Holds a replica connection just taken from its pool. */
	PhysicalNode holdReplica(Connection connection, String name) throws SQLException {
		this.replica = prepared(PhysicalNode.entered(connection, name,
				this.core.failover().inFlight(name)));
		return this.replica;
	}

	/** Gives the held replica connection back to its pool, when it no longer qualifies for reads. */
	void releaseReplica() throws SQLException {
		PhysicalNode stale = dropReplica();
		stale.leave();
		stale.connection().close();
	}

	/** Forgets the held replica connection, which broke: the caller disposes of it. */
	PhysicalNode dropReplica() {
		PhysicalNode dropped = this.replica;
		this.replica = null;
		return dropped;
	}

	boolean isPrimary(Connection physical) {
		return this.primary != null && physical == this.primary.connection();
	}

	boolean isReplica(Connection physical) {
		return this.replica != null && physical == this.replica.connection();
	}

	/** The connection already in use, if any: the given pinned one first, then the primary's. */
	Connection inUse(PhysicalNode pinned) {
		PhysicalNode node = (pinned != null) ? pinned : (this.primary != null) ? this.primary : this.replica;
		return (node != null) ? node.connection() : null;
	}

	/**
	 * The held node a failed call used: the one whose connection it is, or, when that is not known,
	 * the pinned one, else the one in use; {@code null} when the connection is no longer held.
	 */
	PhysicalNode held(Connection physical, PhysicalNode pinned) {
		if (physical == null) {
			return (pinned != null) ? pinned : (this.primary != null) ? this.primary : this.replica;
		}
		if (this.primary != null && this.primary.connection() == physical) {
			return this.primary;
		}
		return (this.replica != null && this.replica.connection() == physical) ? this.replica : null;
	}

	/** Gives every connection back; the first failure is thrown with the others suppressed. */
	void closeAll() throws SQLException {
		SQLException failure = close(this.primary, null);
		failure = close(this.replica, failure);
		this.primary = null;
		this.replica = null;
		if (failure != null) {
			throw failure;
		}
	}

	void abortAll(Executor executor) throws SQLException {
		if (this.primary != null) {
			this.primary.leave();
			this.primary.connection().abort(executor);
		}
		if (this.replica != null) {
			this.replica.leave();
			this.replica.connection().abort(executor);
		}
	}

	private SQLException close(PhysicalNode node, SQLException failure) {
		if (node == null) {
			return failure;
		}
		node.leave();
		try {
			node.connection().close();
			return failure;
		}
		catch (SQLException ex) {
			if (failure == null) {
				return ex;
			}
			failure.addSuppressed(ex);
			return failure;
		}
	}

	private PhysicalNode prepared(PhysicalNode node) throws SQLException {
		try {
			prepare(node);
		}
		catch (SQLException ex) {
			// asked before it leaves: leaving forgets the abort
			String aborted = node.abortedBecause();
			// prepare closed the connection: it is no longer in flight on its node
			node.leave();
			// a replica's read moves on (ReadRouting); the primary's work fails, saying why when Tether
			// aborted the connection under its first settings
			throw node.isReplica() ? ex
					: AbortedWork.translate(ex, null, aborted, AbortedWork.describeWork(), AbortedWork.Stage.WORK);
		}
		catch (RuntimeException ex) {
			node.leave();
			throw ex;
		}
		return node;
	}

	static String describeTransaction() {
		String name = TransactionSynchronizationManager.getCurrentTransactionName();
		return (name != null) ? name : "a statement outside a Spring transaction";
	}

}
