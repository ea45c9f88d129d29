package dev.tether.replica;

/** The health of a replica as the background probe and the routing path see it. */
public enum ReplicaState {

	/** Not probed yet: routable, the first probe decides within one probe interval. */
	UNKNOWN,

	/** Reachable and within {@code tether.replica.max-lag}: gets reads. */
	UP,

	/** Reachable but further behind than {@code tether.replica.max-lag}: gets no reads. */
	LAGGING,

	/**
	 * Unreachable, or not replicating (for example MySQL/MariaDB replication threads stopped):
	 * gets no reads until a background probe finds it reachable and replicating again.
	 */
	DOWN;

	/**
	 * Returns the lowercase name used in meters, logs and the endpoint.
	 * @return for example {@code lagging}
	 */
	public String tagValue() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
