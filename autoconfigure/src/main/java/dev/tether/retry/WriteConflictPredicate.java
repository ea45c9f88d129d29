package dev.tether.retry;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.Predicate;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.resilience.retry.MethodRetryPredicate;

/**
 * Tether's conflict classification for Spring Framework 7's own retry support: true for the
 * failures {@code @RetryOptimistic} retries (optimistic-lock failures, deadlocks, serialization
 * failures, by SQLState and vendor code through the causes; lock-wait timeouts when asked), false
 * for everything else, read-only refusals and an inner boundary's {@link RetryExhaustedException}
 * included.
 * <pre class="code">
 * &#64;Retryable(predicate = WriteConflictPredicate.class, maxRetries = 9, delay = 20, multiplier = 2, maxDelay = 1000)
 * public void placeOrder(long productId) { transactions.executeWithoutResult((status) -&gt; place(productId)); }
 *
 * RetryTemplate retries = new RetryTemplate(WriteConflictPredicate.retryPolicy(9).build());
 * </pre>
 * Used this way, Spring decides when to retry and Tether only says what is a conflict: there is
 * no check that the method begins the transaction it re-runs, no turn-taking on hot rows, no
 * shared budget and no {@link RetryExhaustedException} naming the row. {@code @RetryOptimistic}
 * adds those.
 */
public final class WriteConflictPredicate implements MethodRetryPredicate, Predicate<Throwable> {

	private final boolean lockTimeouts;

	/** Retries what {@code @RetryOptimistic} retries by default; lock-wait timeouts are not retried. */
	public WriteConflictPredicate() {
		this(false);
	}

	/**
	 * Creates a predicate.
	 * @param lockTimeouts whether lock-wait timeouts (PostgreSQL 55P03, MySQL 1205) count as conflicts
	 */
	public WriteConflictPredicate(boolean lockTimeouts) {
		this.lockTimeouts = lockTimeouts;
	}

	@Override
	public boolean test(Throwable failure) {
		return switch (ConflictClassifier.classify(failure)) {
			case OPTIMISTIC_LOCK, DEADLOCK, SERIALIZATION_FAILURE, COMMIT_ROLLED_BACK, RETURNING_REFUSED -> true;
			case LOCK_TIMEOUT -> this.lockTimeouts;
			case READ_ONLY_NODE, COMMIT_OUTCOME_UNKNOWN, OTHER -> false;
		};
	}

	@Override
	public boolean shouldRetry(Method method, Throwable failure) {
		return test(failure);
	}

	/**
	 * Starts a Spring {@link RetryPolicy} that retries write conflicts with Tether's default
	 * back-off: full jitter, first cap 20 ms, doubling, at most 1 s. Spring takes the number of
	 * retries from a custom back-off, hence the parameter.
	 * @param maxRetries retries after the first attempt
	 * @return a builder with the predicate and the back-off set (a timeout may be added)
	 */
	public static RetryPolicy.Builder retryPolicy(long maxRetries) {
		return RetryPolicy.builder()
			.predicate(new WriteConflictPredicate())
			.backOff(new FullJitterBackOff(Duration.ofMillis(20), Duration.ofSeconds(1), 2.0, maxRetries));
	}

}
