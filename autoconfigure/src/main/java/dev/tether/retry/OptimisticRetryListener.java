package dev.tether.retry;

/**
 * Receives the events of retry boundaries: what meters and the Actuator endpoint are built on.
 * Every {@code OptimisticRetryListener} bean is notified; implementations must be fast and
 * thread-safe.
 */
public interface OptimisticRetryListener {

	/**
	 * A retry boundary is about to re-run its transaction.
	 * @param name the boundary's name (the method, for {@code @RetryOptimistic})
	 * @param conflict the failure that caused the retry
	 */
	default void onRetry(String name, ConflictKind conflict) {
	}

	/**
	 * A call of a retry boundary ended.
	 * @param name the boundary's name
	 * @param outcome how it ended
	 * @param attempts how many attempts ran, the first one included
	 */
	default void onCall(String name, RetryOutcome outcome, int attempts) {
	}

	/**
	 * An attempt locked its row before its first statement, because a retry holding the row's turn
	 * had lost the row to another process (see the README's "across processes").
	 * @param name the boundary's name
	 */
	default void onRowLockedFirst(String name) {
	}

}
