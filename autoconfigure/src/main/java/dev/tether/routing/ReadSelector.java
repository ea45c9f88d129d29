package dev.tether.routing;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.tether.replica.ReplicaHealth;
import dev.tether.replica.ReplicationPosition;

/**
 * Chooses the node of a read from the replicas' health: a replica that is up, within the lag the
 * read tolerates and known to have replayed the position it must see, in weighted round-robin
 * order ({@link ReplicaBalancer}); else, when a position is required, one that may catch up within
 * the causal wait; else the primary. It takes no connection and asks no database, so it is
 * decided, and tested, on health alone. One per router; thread-safe.
 */
final class ReadSelector {

	private final ReplicaBalancer balancer;

	/** Per replica: the decision to read there at once (index 0) or after waiting for its replay (1). */
	private final Map<ReplicaPool, ReadDecision[]> decisions = new IdentityHashMap<>();

	private final int replicaCount;

	ReadSelector(List<ReplicaPool> replicas) {
		this.balancer = new ReplicaBalancer(replicas);
		this.replicaCount = replicas.size();
		for (ReplicaPool replica : replicas) {
			this.decisions.put(replica, new ReadDecision[] { new ReadDecision(replica, false, RoutingReason.READ_ONLY),
					new ReadDecision(replica, true, RoutingReason.READ_ONLY) });
		}
	}

	/** How many replicas there are: the most attempts a read makes before it falls back. */
	int replicaCount() {
		return this.replicaCount;
	}

	/**
	 * Whether a replica a connection already holds may serve another read.
	 * @param health the replica's health
	 * @param maxLagNanos the lag the read tolerates
	 * @param required the position the read must see
	 */
	boolean accepts(ReplicaHealth health, long maxLagNanos, ReplicationPosition required) {
		return health.acceptsReads(maxLagNanos) && required.isReplayedBy(health.replayPosition());
	}

	/**
	 * Decides where the next read goes. Each call takes the next turn of the round-robin, so a read
	 * whose replica refuses a connection asks again and gets another.
	 * @param maxLagNanos the lag the read tolerates
	 * @param required the position the read must see
	 * @return a replica, or {@link ReadDecision#NO_REPLICA}
	 */
	ReadDecision select(long maxLagNanos, ReplicationPosition required) {
		ReplicaPool replica = this.balancer.next(maxLagNanos, required);
		if (replica != null) {
			return this.decisions.get(replica)[0];
		}
		if (required.isKnown()) {
			// none is known to have replayed the session's writes: one that may catch up soon
			replica = this.balancer.next(maxLagNanos, ReplicationPosition.NONE);
			if (replica != null) {
				return this.decisions.get(replica)[1];
			}
		}
		return ReadDecision.NO_REPLICA;
	}

}
