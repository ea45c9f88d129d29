package dev.tether.routing;

/** Why a transaction or a statement went where it went. */
public enum RoutingReason {

	/** A read-only transaction, sent to a replica. */
	READ_ONLY("read-only", RoutingTarget.REPLICA),

	/** Inside a {@code @ForceMaster} scope. */
	FORCE_MASTER("force-master", RoutingTarget.PRIMARY),

	/** A read-write transaction. */
	READ_WRITE("read-write", RoutingTarget.PRIMARY),

	/** A plain read outside any transaction, sent to a replica. */
	READ_STATEMENT("read-statement", RoutingTarget.REPLICA),

	/** A statement outside any transaction that is not provably a plain read. */
	WRITE_STATEMENT("write-statement", RoutingTarget.PRIMARY),

	/** A locking read ({@code FOR UPDATE}, {@code FOR SHARE}, ...) outside any transaction. */
	LOCKING_READ("locking-read", RoutingTarget.PRIMARY),

	/** A read that could have gone to a replica, but none is configured or available. */
	NO_REPLICA("no-replica", RoutingTarget.PRIMARY),

	/** A read sent to the primary because the chosen replica could not give a connection. */
	FALLBACK("fallback", RoutingTarget.PRIMARY),

	/** A read sent to the primary because no replica had replayed the session's own writes in time. */
	READ_YOUR_WRITES("read-your-writes", RoutingTarget.PRIMARY),

	/**
	 * A read sent to the primary because its causal position was taken on an older timeline of the
	 * primary (before a promotion), and no replica of the current timeline had replayed the
	 * timeline's start in time (PostgreSQL).
	 */
	TIMELINE_CHANGE("timeline-change", RoutingTarget.PRIMARY);

	private final String tagValue;

	private final RoutingTarget target;

	RoutingReason(String tagValue, RoutingTarget target) {
		this.tagValue = tagValue;
		this.target = target;
	}

	/**
	 * Returns the lowercase, dash-separated name used in meters and logs.
	 * @return the tag value, for example {@code read-only}
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Returns the kind of node a decision with this reason always goes to, so meters can be
	 * registered up front for the combinations that can occur.
	 * @return the target
	 */
	public RoutingTarget target() {
		return this.target;
	}

}
