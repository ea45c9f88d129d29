package dev.tether.replica;

/**
 * A replication position a read must see, or one of the two answers that are not a position:
 * {@link #NONE} (nothing to wait for: the session wrote nothing, or the primary could not say) and
 * {@link #UNKNOWN} (this database's positions cannot be compared as one number: several GTID
 * domains or sources, no GTIDs). Named values instead of negative sentinels, so that "no
 * requirement" can never be mistaken for "not comparable". Immutable.
 */
public final class ReplicationPosition {

	/** Nothing to wait for: every replica qualifies. */
	public static final ReplicationPosition NONE = new ReplicationPosition(-1);

	/** The database's positions cannot be compared: reads that follow a write keep to the primary for a while. */
	public static final ReplicationPosition UNKNOWN = new ReplicationPosition(-2);

	private final long value;

	private ReplicationPosition(long value) {
		this.value = value;
	}

	/**
	 * Returns a position.
	 * @param position a probe's answer: a comparable position, or
	 * {@link ReplicationProbe#UNKNOWN_POSITION}
	 * @return the position, or {@link #UNKNOWN}
	 */
	public static ReplicationPosition of(long position) {
		return (position >= 0) ? new ReplicationPosition(position) : UNKNOWN;
	}

	/**
	 * Tells whether this is a comparable position, that a replica can be waited for.
	 * @return {@code false} for {@link #NONE} and {@link #UNKNOWN}
	 */
	public boolean isKnown() {
		return this.value >= 0;
	}

	/**
	 * Tells whether a replica that replayed up to the given position has seen this one.
	 * @param replayed what the replica replayed, {@code -1} when unknown
	 * @return {@code true} when it has, or when this is not a comparable position
	 */
	public boolean isReplayedBy(long replayed) {
		return this.value < 0 || replayed >= this.value;
	}

	/**
	 * Returns the position as the probes express it.
	 * @return the position, {@code -1} for {@link #NONE} and {@link #UNKNOWN}
	 */
	public long value() {
		return Math.max(this.value, -1);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ReplicationPosition position && position.value == this.value;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.value);
	}

	@Override
	public String toString() {
		return (this == NONE || this.value == -1) ? "NONE" : (this.value == -2) ? "UNKNOWN" : Long.toString(this.value);
	}

}
