package dev.tether.retry;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters of retry boundaries, registered once per tag value so that recording is a
 * map lookup and an increment:
 * <ul>
 * <li>{@code tether.retry.calls} (tag {@code outcome}): calls of retry boundaries by how they
 * ended;</li>
 * <li>{@code tether.retry.attempts} (tag {@code outcome}): attempts those calls ran, the first one
 * included, so retries per success is {@code attempts/calls - 1} for the success outcomes;</li>
 * <li>{@code tether.retry.retries} (tag {@code conflict}): re-runs by the conflict that caused
 * them;</li>
 * <li>{@code tether.retry.row-locks-first}: attempts that locked their row before their first
 * statement because a retry holding the row's turn lost it to another process.</li>
 * </ul>
 * Method names are not tags: they would make the series count grow with the code base.
 */
final class RetryMetrics implements OptimisticRetryListener {

	private final Map<RetryOutcome, Counter> calls = new EnumMap<>(RetryOutcome.class);

	private final Map<RetryOutcome, Counter> attempts = new EnumMap<>(RetryOutcome.class);

	private final Map<ConflictKind, Counter> retries = new EnumMap<>(ConflictKind.class);

	private final Counter rowLocksFirst;

	RetryMetrics(MeterRegistry registry) {
		for (RetryOutcome outcome : RetryOutcome.values()) {
			this.calls.put(outcome, Counter.builder("tether.retry.calls")
				.description("Calls of @RetryOptimistic boundaries, by how they ended")
				.tag("outcome", outcome.tagValue())
				.register(registry));
			this.attempts.put(outcome, Counter.builder("tether.retry.attempts")
				.description("Attempts run by @RetryOptimistic boundaries, first attempts included, by how the call ended")
				.tag("outcome", outcome.tagValue())
				.register(registry));
		}
		for (ConflictKind kind : ConflictKind.values()) {
			this.retries.put(kind, Counter.builder("tether.retry.retries")
				.description("Transactions re-run by @RetryOptimistic boundaries, by the conflict that caused them")
				.tag("conflict", kind.tagValue())
				.register(registry));
		}
		this.rowLocksFirst = Counter.builder("tether.retry.row-locks-first")
			.description("Attempts of @RetryOptimistic boundaries that locked their row first, after a retry holding"
					+ " the row's turn lost it to another process")
			.register(registry);
	}

	@Override
	public void onRowLockedFirst(String name) {
		this.rowLocksFirst.increment();
	}

	@Override
	public void onRetry(String name, ConflictKind conflict) {
		this.retries.get(conflict).increment();
	}

	@Override
	public void onCall(String name, RetryOutcome outcome, int attempts) {
		this.calls.get(outcome).increment();
		this.attempts.get(outcome).increment(attempts);
	}

}
