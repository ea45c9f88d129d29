package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The physical connections one logical connection holds: at most one of the primary, taken at the
 * first statement that needs it, and at most one of a replica, kept for the reads that follow.
 * Each is brought to the recorded {@link SessionSettings} when taken and released from them when
 * given back. Not thread-safe, like the connection.
 */
final class PhysicalConnections {

	private final RoutingCore core;

	private final SessionSettings settings;

	private PhysicalNode primary;

	private PhysicalNode replica;

	PhysicalConnections(RoutingCore core, SessionSettings settings) {
		this.core = core;
		this.settings = settings;
	}

	/** The primary's connection, taken from its pool the first time. */
	PhysicalNode primary() throws SQLException {
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
			this.primary = prepared(PhysicalNode.entered(connection, RoutingTarget.PRIMARY, null,
					this.core.failover().inFlight(null)));
		}
		return this.primary;
	}

	/** The primary's connection if one is held, else {@code null}. */
	Connection heldPrimary() {
		return (this.primary != null) ? this.primary.connection() : null;
	}

	/** The replica's connection held for reads, {@code null} when none is. */
	PhysicalNode replica() {
		return this.replica;
	}

	/** Holds a replica connection just taken from its pool. */
	PhysicalNode holdReplica(Connection connection, String name) throws SQLException {
		this.replica = prepared(PhysicalNode.entered(connection, RoutingTarget.REPLICA, name,
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
		this.settings.released(dropped.connection());
		return dropped;
	}

	boolean isPrimary(Connection physical) {
		return this.primary != null && physical == this.primary.connection();
	}

	boolean isReplica(Connection physical) {
		return this.replica != null && physical == this.replica.connection();
	}

	/** The connection already in use, if any: the given pinned one first, then the primary's. */
	Connection current(PhysicalNode pinned) {
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
		this.settings.released(node.connection());
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
			this.settings.prepare(node);
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
