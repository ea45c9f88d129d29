package dev.tether.routing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one thread or request has written, for read-your-writes: the replication position its
 * reads must see, and when it last wrote. Thread-safe: the threads of one request share it.
 * <p>
 * Writes are recorded cheaply (a counter and a timestamp); the primary's position is asked only
 * when a read follows a write in the same session, so write-only work pays nothing.
 */
public final class CausalSession {

	private final AtomicLong position = new AtomicLong(-1);

	private final AtomicLong writes = new AtomicLong();

	private volatile long resolvedWrites;

	private volatile long lastWriteNanos;

	/**
	 * The router whose primary the position belongs to: positions of different databases do not
	 * compare, and a thread may use several routers (tests do). {@code null}: any router.
	 */
	private volatile Object owner;

	/** Records that a write committed (or, outside a transaction, was sent) on a router's primary. */
	void recordWrite(Object router) {
		claim(router);
		this.lastWriteNanos = System.nanoTime();
		this.writes.incrementAndGet();
	}

	/** Whether the session never wrote nor was given a position to see. */
	boolean isEmpty() {
		return this.writes.get() == 0 && this.position.get() < 0;
	}

	/** Whether a write happened since the position was last resolved. */
	boolean hasUnresolvedWrites() {
		return this.writes.get() != this.resolvedWrites;
	}

	/** A snapshot of the write counter, taken before asking the primary for its position. */
	long writeCount() {
		return this.writes.get();
	}

	/** Sets the position that covers every write counted up to {@code writeCount}. */
	void resolve(Object router, long primaryPosition, long writeCount) {
		claim(router);
		this.position.accumulateAndGet(primaryPosition, Math::max);
		this.resolvedWrites = writeCount;
	}

	/**
	 * Returns the position reads of this session must see.
	 * @return the position, {@code -1} when the session has not written
	 */
	public long position() {
		return this.position.get();
	}

	/** The position reads through a router must see: none if it belongs to another router. */
	long position(Object router) {
		Object current = this.owner;
		return (current == null || current == router) ? this.position.get() : -1;
	}

	/** Whether writes through this router are unresolved. */
	boolean hasUnresolvedWrites(Object router) {
		Object current = this.owner;
		return (current == null || current == router) && hasUnresolvedWrites();
	}

	/** Makes the session's position one of this router's, forgetting another router's. */
	private void claim(Object router) {
		if (this.owner != router) {
			synchronized (this) {
				if (this.owner != router) {
					this.position.set(-1);
					this.owner = router;
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
	 */
	void require(long position) {
		this.position.accumulateAndGet(position, Math::max);
	}

}
