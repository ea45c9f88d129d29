package dev.tether.replica;

/**
 * The primary's recent positions and when they were read: a bound on a replica's lag that does
 * not depend on commits. A replica that has replayed what the primary held at time T sees every
 * change committed before T, so it is at most {@code now - T} behind, even while a long
 * transaction writes WAL for seconds without committing (when the age of the last replayed
 * commit, the other measure, grows although the replica keeps up). Written and read by the probe
 * round only; synchronized because tests may run a round beside the scheduled one.
 */
final class PrimaryPositions {

	/** Rounds remembered: a minute at the default one-second probe interval. */
	private static final int CAPACITY = 64;

	private final long[] positions = new long[CAPACITY];

	private final long[] times = new long[CAPACITY];

	private int count;

	private int next;

	/** Remembers the primary's position read at {@code nanoTime}. */
	synchronized void record(long position, long nanoTime) {
		this.positions[this.next] = position;
		this.times[this.next] = nanoTime;
		this.next = (this.next + 1) % CAPACITY;
		this.count = Math.min(this.count + 1, CAPACITY);
	}

	/** Forgets every position: after a timeline change they name another history. */
	synchronized void clear() {
		this.count = 0;
		this.next = 0;
	}

	/**
	 * The most a replica at the given replay position can be behind: the time since the newest
	 * remembered primary position it has replayed; -1 when it has replayed none of them.
	 */
	synchronized long lagBound(long replayed, long nowNanos) {
		for (int i = 1; i <= this.count; i++) {
			int slot = Math.floorMod(this.next - i, CAPACITY);
			if (this.positions[slot] <= replayed) {
				return Math.max(0, nowNanos - this.times[slot]);
			}
		}
		return -1;
	}

	/**
	 * How long ago the oldest remembered position was read: how far behind, at least, a replica is
	 * that has replayed none of them; -1 when nothing is remembered.
	 */
	synchronized long sinceOldest(long nowNanos) {
		if (this.count == 0) {
			return -1;
		}
		int oldest = (this.count < CAPACITY) ? 0 : this.next;
		return Math.max(0, nowNanos - this.times[oldest]);
	}

}
