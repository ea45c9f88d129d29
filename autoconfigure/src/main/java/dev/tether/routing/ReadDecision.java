package dev.tether.routing;

/**
 * Where a read goes, as {@link ReadSelector} decides it from the replicas' health alone: a replica
 * (and whether the read must first wait for it to replay the session's writes), or the primary and
 * why. The decisions are made once per router, so deciding allocates nothing.
 *
 * @param replica the replica, {@code null} for the primary
 * @param awaitReplay whether the replica is not known to have replayed the position the read must
 * see and may catch up within the causal wait
 * @param reason why, for the routing events
 */
record ReadDecision(ReplicaPool replica, boolean awaitReplay, RoutingReason reason) {

	/** No replica qualifies: the primary, unless the fallback is off. */
	static final ReadDecision NO_REPLICA = new ReadDecision(null, false, RoutingReason.NO_REPLICA);

	boolean isPrimary() {
		return this.replica == null;
	}

}
