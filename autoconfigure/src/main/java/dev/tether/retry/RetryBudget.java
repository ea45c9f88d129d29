package dev.tether.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * A retry budget shared by the application: over a sliding window, retries may add at most a
 * fraction of the calls, plus a small floor so that a quiet application can still retry. When a
 * conflict storm exhausts it, calls fail fast instead of multiplying the load on the rows that
 * are already contended. The idea is Finagle's {@code RetryBudget}; no library on our classpath
 * offers one (Resilience4j and Spring's retry bound attempts per call, not retries across calls),
 * hence this small implementation.
 * <p>
 * The window is kept in ten slots of a tenth of the window each, in lock-free arrays; a slot is
 * reset when time moves on to it. Counts near a slot boundary may be off by a few under races,
 * which a budget tolerates.
 */
final class RetryBudget {

	private static final int SLOTS = 10;

	private final double ratio;

	private final long minRetriesPerWindow;

	private final long slotNanos;

	private final LongSupplier clock;

	private final AtomicLongArray epochs = new AtomicLongArray(SLOTS);

	private final AtomicLongArray calls = new AtomicLongArray(SLOTS);

	private final AtomicLongArray retries = new AtomicLongArray(SLOTS);

	RetryBudget(double ratio, long minRetriesPerWindow, Duration window, LongSupplier clock) {
		this.ratio = ratio;
		this.minRetriesPerWindow = minRetriesPerWindow;
		this.slotNanos = Math.max(1, window.toNanos() / SLOTS);
		this.clock = clock;
		long epoch = currentEpoch();
		for (int i = 0; i < SLOTS; i++) {
			this.epochs.set(i, epoch);
		}
	}

	/** Records a call of a retry boundary. */
	void recordCall() {
		this.calls.incrementAndGet(slot(currentEpoch()));
	}

	/**
	 * Takes one retry from the budget if the window allows it.
	 * @return whether the retry may run
	 */
	boolean tryAcquireRetry() {
		long epoch = currentEpoch();
		int slot = slot(epoch);
		long callsInWindow = 0;
		long retriesInWindow = 0;
		for (int i = 0; i < SLOTS; i++) {
			if (epoch - this.epochs.get(i) < SLOTS) {
				callsInWindow += this.calls.get(i);
				retriesInWindow += this.retries.get(i);
			}
		}
		long allowed = Math.max(this.minRetriesPerWindow, (long) (callsInWindow * this.ratio));
		if (retriesInWindow >= allowed) {
			return false;
		}
		this.retries.incrementAndGet(slot);
		return true;
	}

	private long currentEpoch() {
		return this.clock.getAsLong() / this.slotNanos;
	}

	/** The slot of an epoch, reset first if it still holds an older epoch's counts. */
	private int slot(long epoch) {
		int slot = (int) Math.floorMod(epoch, (long) SLOTS);
		long seen = this.epochs.get(slot);
		if (seen != epoch && this.epochs.compareAndSet(slot, seen, epoch)) {
			this.calls.set(slot, 0);
			this.retries.set(slot, 0);
		}
		return slot;
	}

}
