package dev.tether.routing;

import java.util.concurrent.atomic.AtomicLong;

import dev.tether.replica.ReplicationPosition;
import dev.tether.replica.ReplicationProbe;

/**
 * What one thread or request has written, for read-your-writes: the replication position its
 * reads must see, and when it last wrote. Thread-safe: the threads of one request share it.
 * <p>
 * Writes are recorded cheaply (a counter and a timestamp); the primary's position is asked only
 * when a read follows a write in the same session, so write-only work pays nothing. The position
 * belongs to one router's {@link CausalReads}: positions of different databases do not compare.
 * It also names the primary's timeline it was taken on (PostgreSQL): a position of a newer timeline
 * replaces one of an older one whatever their LSNs, since the new history forked from the old.
 */
public final class CausalSession {

	private final AtomicLong writes = new AtomicLong();

	/** Only grows, under the session's lock; read without it. */
	private volatile ReplicationPosition position = ReplicationPosition.NONE;

	private volatile long resolvedWrites;

	/** The highest position the session's own writes resolved to, {@code -1} before any. */
	private volatile long own = -1;

	/** The timeline of {@link #own}. */
	private volatile int ownTimeline = ReplicationProbe.NO_TIMELINE;

	/** The highest position carried in from outside (a token), {@code -1} when none. */
	private volatile long carried = -1;

	private volatile long lastWriteNanos;

	/**
	 * The causal reads whose primary the position belongs to: a thread may use several routers
	 * (tests do). {@code null}: any router.
	 */
	private volatile CausalReads owner;

	/** Records that a write committed (or, outside a transaction, was sent) on a router's primary. */
	void recordWrite(CausalReads reads) {
		claim(reads);
		this.lastWriteNanos = System.nanoTime();
		this.writes.incrementAndGet();
	}

	/**
	 * Records a committed write whose own position is known (MySQL's GTID of the commit): reads of
	 * the session must see it, and need not ask the primary for it. The write counts as resolved
	 * only when every earlier write was: a write recorded without a position (by another thread of
	 * the session) stays unresolved, and the next read asks the primary as before.
	 */
	void recordResolvedWrite(CausalReads reads, long ownPosition, int timeline) {
		claim(reads);
		this.lastWriteNanos = System.nanoTime();
		synchronized (this) {
			if (newer(timeline, this.ownTimeline)) {
				this.own = ownPosition;
				this.ownTimeline = timeline;
			}
			else if (!newer(this.ownTimeline, timeline)) {
				this.own = Math.max(this.own, ownPosition);
			}
			// raised before the write is counted: a read that sees the count sees the position
			raise(ownPosition, timeline);
			long resolved = this.resolvedWrites;
			// compare-and-set: an unresolved write counted meanwhile, without the lock, stays unresolved
			if (this.writes.compareAndSet(resolved, resolved + 1)) {
				this.resolvedWrites = resolved + 1;
			}
			else {
				this.writes.incrementAndGet();
			}
		}
	}

	/** Whether the session never wrote nor was given a position to see. */
	boolean isEmpty() {
		return this.writes.get() == 0 && !this.position.isKnown();
	}

	/** Whether a write happened since the position was last resolved. */
	boolean hasUnresolvedWrites() {
		return this.writes.get() != this.resolvedWrites;
	}

	/** A snapshot of the write counter, taken before asking the primary for its position. */
	long writeCount() {
		return this.writes.get();
	}

	/** Sets the position, taken on the given timeline, that covers every write counted up to {@code writeCount}. */
	void resolve(CausalReads reads, long primaryPosition, int timeline, long writeCount) {
		claim(reads);
		synchronized (this) {
			if (newer(timeline, this.ownTimeline)) {
				this.own = primaryPosition;
				this.ownTimeline = timeline;
			}
			else if (!newer(this.ownTimeline, timeline)) {
				this.own = Math.max(this.own, primaryPosition);
			}
		}
		raise(primaryPosition, timeline);
		this.resolvedWrites = writeCount;
	}

	/** Whether a timeline is known and newer than another known one: timelines only grow, at each promotion. */
	private static boolean newer(int timeline, int than) {
		return timeline != ReplicationProbe.NO_TIMELINE && than != ReplicationProbe.NO_TIMELINE && timeline > than;
	}

	/**
	 * Returns the position reads of this session must see.
	 * @return the position, {@code -1} when the session has not written
	 */
	public long position() {
		return this.position.value();
	}

	/** The position reads through a router must see: none if it belongs to another router. */
	ReplicationPosition position(CausalReads reads) {
		CausalReads current = this.owner;
		return (current == null || current == reads) ? this.position : ReplicationPosition.NONE;
	}

	/** Whether writes through this router are unresolved. */
	boolean hasUnresolvedWrites(CausalReads reads) {
		CausalReads current = this.owner;
		return (current == null || current == reads) && hasUnresolvedWrites();
	}

	/** Makes the session's position one of this router's, forgetting another router's. */
	private void claim(CausalReads reads) {
		if (this.owner != reads) {
			synchronized (this) {
				if (this.owner != reads) {
					this.position = ReplicationPosition.NONE;
					this.own = -1;
					this.ownTimeline = ReplicationProbe.NO_TIMELINE;
					this.carried = -1;
					this.owner = reads;
				}
			}
		}
	}

	/** Whether the session wrote less than the given time ago. */
	boolean wroteWithin(long windowNanos) {
		return this.writes.get() > 0 && System.nanoTime() - this.lastWriteNanos < windowNanos;
	}

	/**
	 * Raises the position to one carried from elsewhere (another service's token).
	 * @param position the position to see
	 * @param timeline the primary's timeline it was taken on, {@link ReplicationProbe#NO_TIMELINE} when unknown
	 */
	void require(long position, int timeline) {
		synchronized (this) {
			this.carried = Math.max(this.carried, position);
		}
		raise(position, timeline);
	}

	/**
	 * Whether the session must see a carried-in position beyond both its own writes and what the
	 * primary is known to have reached: a position no write produced yet, unless the primary moved
	 * on since it was last asked.
	 */
	boolean carriesBeyond(long knownPrimaryPosition) {
		long carried = this.carried;
		return carried > knownPrimaryPosition && carried > this.own;
	}

	/** Forgets a carried-in position that the primary has not reached: it can only be made up. */
	synchronized void discardCarried() {
		this.carried = -1;
		this.position = (this.own >= 0) ? ReplicationPosition.of(this.ownTimeline, this.own) : ReplicationPosition.NONE;
	}

	/**
	 * One position object per change, not per read: reads only load the field. A position of a
	 * newer timeline replaces one of an older timeline, one of an older timeline is ignored, else
	 * the higher LSN wins.
	 */
	private synchronized void raise(long candidate, int timeline) {
		if (candidate < 0) {
			return;
		}
		ReplicationPosition current = this.position;
		if (!current.isKnown() || newer(timeline, current.timeline())) {
			this.position = ReplicationPosition.of(timeline, candidate);
		}
		else if (!newer(current.timeline(), timeline) && candidate > current.value()) {
			this.position = ReplicationPosition.of(
					(timeline != ReplicationProbe.NO_TIMELINE) ? timeline : current.timeline(), candidate);
		}
	}

}
