package dev.tether.routing;

/** Why a transaction or a statement went where it went. */
public enum RoutingReason {

	/** A read-only transaction, sent to a replica. */
	READ_ONLY("read-only"),

	/** Inside a {@code @ForceMaster} scope. */
	FORCE_MASTER("force-master"),

	/** A read-write transaction. */
	READ_WRITE("read-write"),

	/** A plain read outside any transaction, sent to a replica. */
	READ_STATEMENT("read-statement"),

	/** A statement outside any transaction that is not provably a plain read. */
	WRITE_STATEMENT("write-statement"),

	/** A locking read ({@code FOR UPDATE}, {@code FOR SHARE}, ...) outside any transaction. */
	LOCKING_READ("locking-read"),

	/** A read that could have gone to a replica, but none is configured or available. */
	NO_REPLICA("no-replica"),

	/** A read sent to the primary because the chosen replica could not give a connection. */
	FALLBACK("fallback"),

	/** A read sent to the primary because no replica had replayed the session's own writes in time. */
	READ_YOUR_WRITES("read-your-writes");

	private final String tagValue;

	RoutingReason(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Returns the lowercase, dash-separated name used in meters and logs.
	 * @return the tag value, for example {@code read-only}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
