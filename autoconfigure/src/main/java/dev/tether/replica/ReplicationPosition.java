package dev.tether.replica;

/**
 * A replication position a read must see, or one of the two answers that are not a position:
 * {@link #NONE} (nothing to wait for: the session wrote nothing, or the primary could not say) and
 * {@link #UNKNOWN} (this database's positions cannot be compared as one number: several GTID
 * domains or sources, no GTIDs). Named values instead of negative sentinels, so that "no
 * requirement" can never be mistaken for "not comparable". A position may name the primary's
 * timeline it was taken on (PostgreSQL: a promotion forks the WAL on a new timeline, so an LSN alone
 * is ambiguous across a failover); {@link ReplicationProbe#NO_TIMELINE} when unknown or the database
 * has none. Immutable.
 */
public final class ReplicationPosition {

	/** Nothing to wait for: every replica qualifies. */
	public static final ReplicationPosition NONE = new ReplicationPosition(-1);

	/** The database's positions cannot be compared: reads that follow a write keep to the primary for a while. */
	public static final ReplicationPosition UNKNOWN = new ReplicationPosition(-2);

	private final long value;

	private final int timeline;

	private ReplicationPosition(long value) {
		this(value, ReplicationProbe.NO_TIMELINE);
	}

	private ReplicationPosition(long value, int timeline) {
		this.value = value;
		this.timeline = timeline;
	}

	/**
	 * Returns a position taken on a timeline of the primary.
	 * @param timeline the primary's timeline when it was taken, {@link ReplicationProbe#NO_TIMELINE}
	 * when unknown
	 * @param position a probe's answer: a comparable position, or
	 * {@link ReplicationProbe#UNKNOWN_POSITION}
	 * @return the position, or {@link #UNKNOWN}
	 */
	public static ReplicationPosition of(int timeline, long position) {
		return (position >= 0) ? new ReplicationPosition(position, Math.max(timeline, 0)) : UNKNOWN;
	}

	/**
	 * Returns the primary's timeline this position was taken on.
	 * @return the timeline, {@link ReplicationProbe#NO_TIMELINE} when unknown
	 */
	public int timeline() {
		return this.timeline;
	}

	/**
	 * Whether this position was taken on an older timeline of the primary than the given current
	 * one, so that it does not compare with positions of the current timeline.
	 * @param currentTimeline the primary's timeline now, {@link ReplicationProbe#NO_TIMELINE} when unknown
	 * @return {@code true} only when both timelines are known and this one is older
	 */
	public boolean isOfOlderTimeline(int currentTimeline) {
		return this.value >= 0 && this.timeline != ReplicationProbe.NO_TIMELINE
				&& currentTimeline != ReplicationProbe.NO_TIMELINE && this.timeline < currentTimeline;
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
		return other instanceof ReplicationPosition position && position.value == this.value
				&& position.timeline == this.timeline;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.value) * 31 + this.timeline;
	}

	@Override
	public String toString() {
		if (this == NONE || this.value == -1) {
			return "NONE";
		}
		if (this.value == -2) {
			return "UNKNOWN";
		}
		return (this.timeline != ReplicationProbe.NO_TIMELINE) ? this.timeline + "/" + this.value : Long.toString(this.value);
	}

}
