package dev.tether.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The application's retry budget: retries are paid for by commits. Over a sliding window
 * ({@code tether.retry.budget.window}, 10 s by default) it counts the calls of retry boundaries
 * that committed and the retries that ran, and grants a retry while
 * <pre>
 * retries in the window &lt; min-retries + ratio × commits in the window
 * </pre>
 * (defaults: 100 + 10 per commit). So retrying that keeps committing is never refused: as long as
 * the boundaries commit at least one call for every {@code ratio} retries, every retry runs,
 * however hot the rows. What is cut off is retrying that does not converge: a conflict that
 * repeats on every attempt earns nothing, and in a storm where almost nothing commits the retries
 * stop after {@code min-retries} per window, so the calls fail fast (with
 * {@link RetryExhaustedException}, reason {@link RetryOutcome#BUDGET_REFUSED}) instead of
 * multiplying the load on rows that are already contended. Finagle's {@code RetryBudget} has the
 * sliding window and the floor; paying retries with commits rather than with calls is what keeps
 * a hot row that makes progress from being refused.
 * <p>
 * Any retry loop may share it, for example a bulk update's chunk retries: ask
 * {@link #tryAcquireRetry()} before each retry and call {@link #recordCommit()} after each unit of
 * work that committed. The window is kept in ten slots of a tenth of the window each; a slot is
 * reset when time moves on to it. Counts near a slot boundary may be off by a few under races,
 * which a budget tolerates. Recording a commit is one uncontended add, no allocation.
 */
public final class RetryBudget {

	/** Default retries each commit earns within the window ({@code tether.retry.budget.ratio}): 10. */
	static final double DEFAULT_RATIO = 10;

	/** Default retries always granted within the window ({@code tether.retry.budget.min-retries}): 100. */
	static final long DEFAULT_MIN_RETRIES = 100;

	/** Default length of the sliding window ({@code tether.retry.budget.window}): 10 s. */
	static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

	private static final int SLOTS = 10;

	private static final RetryBudget UNLIMITED = new RetryBudget();

	private final boolean limited;

	private final double ratio;

	private final long minRetries;

	private final Duration window;

	private final long slotNanos;

	private final LongSupplier clock;

	/** Whether the clock is {@link System#nanoTime()}, so that a caller's reading of it can be used. */
	private final boolean systemClock;

	private final AtomicLongArray epochs = new AtomicLongArray(SLOTS);

	private final LongAdder[] commits = new LongAdder[SLOTS];

	private final LongAdder[] retries = new LongAdder[SLOTS];

	/**
	 * Creates a budget.
	 * @param ratio retries each commit earns within the window; greater than 0
	 * @param minRetries retries always granted within the window; not negative
	 * @param window length of the sliding window; at least 10 ms
	 */
	public RetryBudget(double ratio, long minRetries, Duration window) {
		this(ratio, minRetries, window, System::nanoTime, true);
	}

	RetryBudget(double ratio, long minRetries, Duration window, LongSupplier clock) {
		this(ratio, minRetries, window, clock, false);
	}

	private RetryBudget(double ratio, long minRetries, Duration window, LongSupplier clock, boolean systemClock) {
		if (!(ratio > 0) || minRetries < 0 || window.toMillis() < 10) {
			throw new IllegalArgumentException("A retry budget needs ratio > 0, min-retries >= 0 and a window of at"
					+ " least 10ms (were " + ratio + ", " + minRetries + ", " + window + ")");
		}
		this.limited = true;
		this.ratio = ratio;
		this.minRetries = minRetries;
		this.window = window;
		this.slotNanos = Math.max(1, window.toNanos() / SLOTS);
		this.clock = clock;
		this.systemClock = systemClock;
		long epoch = currentEpoch();
		for (int i = 0; i < SLOTS; i++) {
			this.epochs.set(i, epoch);
			this.commits[i] = new LongAdder();
			this.retries[i] = new LongAdder();
		}
	}

	private RetryBudget() {
		this.limited = false;
		this.ratio = Double.POSITIVE_INFINITY;
		this.minRetries = Long.MAX_VALUE;
		this.window = Duration.ZERO;
		this.slotNanos = 1;
		this.clock = () -> 0;
		this.systemClock = false;
	}

	/**
	 * Returns a budget that grants every retry ({@code tether.retry.budget.enabled=false}).
	 * @return the unlimited budget
	 */
	public static RetryBudget unlimited() {
		return UNLIMITED;
	}

	/**
	 * Returns whether this budget can refuse anything.
	 * @return {@code false} for {@link #unlimited()}
	 */
	public boolean isLimited() {
		return this.limited;
	}

	/** Records a unit of work that committed: a call of a retry boundary that succeeded. */
	public void recordCommit() {
		if (this.limited) {
			this.commits[slot(currentEpoch())].increment();
		}
	}

	/**
	 * Records a call that committed at its first attempt, in the slot of the time it started, which
	 * the caller read from {@link System#nanoTime()}: the boundary's first attempt then reads no
	 * clock of its own here. When that slot has moved on (the call outlasted it, or the slot awaits
	 * its reset) or the budget has a clock of its own, the commit is recorded as by
	 * {@link #recordCommit()}.
	 * @param startNanos when the call started, by {@link System#nanoTime()}
	 */
	void recordCommitOfCallStartedAt(long startNanos) {
		if (!this.limited) {
			return;
		}
		if (this.systemClock) {
			long epoch = startNanos / this.slotNanos;
			int slot = (int) Math.floorMod(epoch, (long) SLOTS);
			if (this.epochs.get(slot) == epoch) {
				this.commits[slot].increment();
				return;
			}
		}
		this.commits[slot(currentEpoch())].increment();
	}

	/**
	 * Takes one retry from the budget if the window allows it.
	 * @return whether the retry may run
	 */
	public boolean tryAcquireRetry() {
		if (!this.limited) {
			return true;
		}
		long epoch = currentEpoch();
		int slot = slot(epoch);
		Window current = window(epoch);
		if (current.retries() >= current.allowed()) {
			return false;
		}
		this.retries[slot].increment();
		return true;
	}

	/**
	 * Returns the window's counts now, for messages and the Actuator endpoint.
	 * @return the commits, retries and retries allowed in the current window
	 */
	public Window window() {
		return this.limited ? window(currentEpoch()) : new Window(0, 0, Long.MAX_VALUE, this.window);
	}

	/**
	 * Describes the rule and the window's counts, naming the properties to change.
	 * @return for example {@code "120 retries and 2 commits in the last 10s, allowed 100 + 10.0 per commit = 120"}
	 */
	public String describe() {
		Window current = window();
		return current.retries() + " retries and " + current.commits() + " commits in the last "
				+ text(this.window) + ", allowed " + this.minRetries + " + " + this.ratio
				+ " per commit = " + current.allowed()
				+ " (tether.retry.budget.min-retries, tether.retry.budget.ratio, tether.retry.budget.window)";
	}

	static String text(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private Window window(long epoch) {
		long commitsInWindow = 0;
		long retriesInWindow = 0;
		for (int i = 0; i < SLOTS; i++) {
			if (epoch - this.epochs.get(i) < SLOTS) {
				commitsInWindow += this.commits[i].sum();
				retriesInWindow += this.retries[i].sum();
			}
		}
		double earned = this.minRetries + this.ratio * commitsInWindow;
		long allowed = (earned >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) earned;
		return new Window(commitsInWindow, retriesInWindow, allowed, this.window);
	}

	private long currentEpoch() {
		return this.clock.getAsLong() / this.slotNanos;
	}

	/** The slot of an epoch, reset first if it still holds an older epoch's counts. */
	private int slot(long epoch) {
		int slot = (int) Math.floorMod(epoch, (long) SLOTS);
		long seen = this.epochs.get(slot);
		if (seen != epoch && this.epochs.compareAndSet(slot, seen, epoch)) {
			this.commits[slot].reset();
			this.retries[slot].reset();
		}
		return slot;
	}

	/**
	 * The counts of one window.
	 *
	 * @param commits calls that committed within the window
	 * @param retries retries granted within the window
	 * @param allowed retries the window allows: {@code min-retries + ratio × commits}
	 * @param length the window's length
	 */
	public record Window(long commits, long retries, long allowed, Duration length) {

	}

}
