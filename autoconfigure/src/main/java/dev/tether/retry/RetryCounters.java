package dev.tether.retry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts retry events since start, without any metrics library. Thread-safe. */
public class RetryCounters implements OptimisticRetryListener {

	private final Map<RetryOutcome, LongAdder> calls = new EnumMap<>(RetryOutcome.class);

	private final Map<ConflictKind, LongAdder> retries = new EnumMap<>(ConflictKind.class);

	/**
	 * Attempts beyond one per call: a call that succeeded at once, the usual case, adds nothing
	 * here, so counting it is one increment.
	 */
	private final LongAdder attemptsBeyondFirst = new LongAdder();

	private final LongAdder rowLocksFirst = new LongAdder();

	/** Creates counters at zero. */
	public RetryCounters() {
		for (RetryOutcome outcome : RetryOutcome.values()) {
			this.calls.put(outcome, new LongAdder());
		}
		for (ConflictKind kind : ConflictKind.values()) {
			this.retries.put(kind, new LongAdder());
		}
	}

	@Override
	public void onRetry(String name, ConflictKind conflict) {
		this.retries.get(conflict).increment();
	}

	@Override
	public void onCall(String name, RetryOutcome outcome, int attempts) {
		this.calls.get(outcome).increment();
		if (attempts != 1) {
			this.attemptsBeyondFirst.add(attempts - 1L);
		}
	}

	@Override
	public void onRowLockedFirst(String name) {
		this.rowLocksFirst.increment();
	}

	/**
	 * Returns the number of attempts that locked their row first, after a loss to another process.
	 * @return the count since start
	 */
	public long rowLocksFirst() {
		return this.rowLocksFirst.sum();
	}

	/**
	 * Returns the number of boundary calls that ended with an outcome.
	 * @param outcome the outcome
	 * @return the count since start
	 */
	public long calls(RetryOutcome outcome) {
		return this.calls.get(outcome).sum();
	}

	/**
	 * Returns the number of retries caused by a kind of conflict.
	 * @param conflict the kind of conflict
	 * @return the count since start
	 */
	public long retries(ConflictKind conflict) {
		return this.retries.get(conflict).sum();
	}

	/**
	 * Returns the number of retries, whatever caused them.
	 * @return the count since start
	 */
	public long retries() {
		return this.retries.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * Returns the number of attempts of all finished calls, first attempts included.
	 * @return the count since start
	 */
	public long attempts() {
		return this.calls.values().stream().mapToLong(LongAdder::sum).sum() + this.attemptsBeyondFirst.sum();
	}

}
