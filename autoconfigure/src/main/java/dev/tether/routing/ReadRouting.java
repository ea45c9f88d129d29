package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import dev.tether.replica.ReplicaMonitor;
import dev.tether.replica.ReplicationPosition;

/**
 * Routes a read: the replica a logical connection already holds if it still qualifies, else the
 * one {@link ReadSelector} chooses and whose pool gives a connection (a refusing one is marked down
 * by {@link ReplicaFailover} and the next is tried), after the session's own writes one that has
 * replayed them ({@link CausalReads}); else the primary, or a failure when the fallback is off.
 * One per router; stateless, so thread-safe.
 */
final class ReadRouting {

	private final ReadSelector selector;

	private final CausalReads causal;

	private final ReplicaFailover failover;

	private final ReplicaMonitor monitor;

	private final boolean fallbackToPrimary;

	ReadRouting(ReadSelector selector, CausalReads causal, ReplicaFailover failover, ReplicaMonitor monitor,
			boolean fallbackToPrimary) {
		this.selector = selector;
		this.causal = causal;
		this.failover = failover;
		this.monitor = monitor;
		this.fallbackToPrimary = fallbackToPrimary;
	}

	/**
	 * Routes a read of a logical connection.
	 * @param nodes the connection's physical connections: a replica's is held there when the read goes to one
	 * @param autoCommit whether the read is outside a transaction (a primary connection held then may
	 * answer the causal question)
	 * @return {@link RoutingReason#READ_ONLY} when the read goes to the replica now held in
	 * {@code nodes}, else why it goes to the primary
	 * @throws NoReplicaAvailableException when no replica qualifies and the fallback is off
	 */
	RoutingReason route(RoutingContext context, PhysicalConnections nodes, boolean autoCommit) throws SQLException {
		long maxLag = (context.getMaxLagNanos() >= 0) ? context.getMaxLagNanos() : this.monitor.maxLagNanos();
		ReplicationPosition required = ReplicationPosition.NONE;
		boolean olderTimeline = false;
		if (this.causal.tracksWrites()) {
			CausalSession session = this.causal.session(context);
			required = this.causal.required(session, autoCommit ? nodes.heldPrimary() : null);
			if (this.causal.keepsToPrimary(session, required)) {
				return RoutingReason.READ_YOUR_WRITES;
			}
			ReplicationPosition current = this.causal.onCurrentTimeline(required);
			olderTimeline = current != required;
			required = current;
		}
		PhysicalNode held = nodes.replicaNode();
		if (held != null) {
			if (this.selector.accepts(this.monitor.health(held.replicaName()), maxLag, required)) {
				return RoutingReason.READ_ONLY;
			}
			nodes.releaseReplica();
		}
		boolean failedOver = false;
		for (int attempt = 0; attempt < this.selector.replicaCount(); attempt++) {
			ReadDecision decision = this.selector.select(maxLag, required);
			if (decision.isPrimary()) {
				break;
			}
			ReplicaPool pool = decision.replica();
			Connection connection = this.failover.acquire(pool);
			if (connection == null) {
				failedOver = true;
				continue;
			}
			if (decision.awaitReplay() && !this.causal.awaitReplay(connection, pool.health(), required)) {
				connection.close();
				return olderTimeline ? RoutingReason.TIMELINE_CHANGE : RoutingReason.READ_YOUR_WRITES;
			}
			try {
				nodes.holdReplica(connection, pool.name());
			}
			catch (SQLException ex) {
				// a pooled connection that broke while it took the session's settings (a replica
				// restarted since it was pooled): nothing was read, so the read moves on, as a
				// first statement's failover would
				if (!BrokenConnections.isBroken(ex)) {
					throw ex;
				}
				this.failover.brokeWhenPrepared(pool, ex);
				failedOver = true;
				continue;
			}
			return RoutingReason.READ_ONLY;
		}
		if (!this.fallbackToPrimary) {
			throw noReplica(maxLag);
		}
		return failedOver ? RoutingReason.FALLBACK : RoutingReason.NO_REPLICA;
	}

	private NoReplicaAvailableException noReplica(long maxLag) {
		return new NoReplicaAvailableException("No replica can serve the read-only work of "
				+ PhysicalConnections.describeTransaction() + ": replicas " + this.monitor.statuses().stream()
					.map((status) -> status.name() + "=" + status.state()
							+ ((status.lag() != null) ? " (lag " + status.lag().toMillis() + " ms)" : ""))
					.toList()
				+ ", tolerated lag " + Duration.ofNanos(maxLag).toMillis()
				+ " ms. The primary is not used because tether.routing.fallback=fail.");
	}

}
