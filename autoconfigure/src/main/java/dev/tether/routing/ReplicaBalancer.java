package dev.tether.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tether.replica.ReplicationPosition;

/**
 * Weighted round-robin over the replicas. The order is computed once, by the smooth weighted
 * round-robin of nginx (weights 5,1,1 give a,a,b,a,c,a,a rather than a,a,a,a,a,b,c), so picking a
 * replica is one atomic increment and an array read on the routing path.
 */
final class ReplicaBalancer {

	private final ReplicaPool[] schedule;

	private final AtomicInteger next = new AtomicInteger();

	ReplicaBalancer(List<ReplicaPool> replicas) {
		int total = replicas.stream().mapToInt(ReplicaPool::weight).sum();
		this.schedule = new ReplicaPool[total];
		int[] current = new int[replicas.size()];
		for (int slot = 0; slot < total; slot++) {
			int best = 0;
			for (int i = 0; i < replicas.size(); i++) {
				current[i] += replicas.get(i).weight();
				if (current[i] > current[best]) {
					best = i;
				}
			}
			current[best] -= total;
			this.schedule[slot] = replicas.get(best);
		}
	}

	/**
	 * Returns the next replica in weighted round-robin order that accepts a read: not down, within
	 * the tolerated lag and, when a position is required, known to have replayed it. Skipped
	 * replicas' turns go to the next eligible one.
	 * @param maxLagNanos the lag the read tolerates
	 * @param required the replication position the read must see
	 * @return the replica, or {@code null} when none qualifies
	 */
	ReplicaPool next(long maxLagNanos, ReplicationPosition required) {
		int length = this.schedule.length;
		if (length == 0) {
			return null;
		}
		int start = Math.floorMod(this.next.getAndIncrement(), length);
		for (int i = 0; i < length; i++) {
			ReplicaPool candidate = this.schedule[(start + i) % length];
			if (candidate.health() == null || (candidate.health().acceptsReads(maxLagNanos)
					&& required.isReplayedBy(candidate.health().replayPosition()))) {
				return candidate;
			}
		}
		return null;
	}

}
