package dev.tether.retry;

import java.time.Duration;

/**
 * How the retry boundaries of an application retry: the defaults of one boundary's attempts and
 * back-off ({@link RetrySettings}), how long a lost commit answer is looked for, what a call inside
 * someone else's transaction does, and which failures are retried. Plain core data, so that the
 * boundary ({@link OptimisticRetryTemplate}, {@link RetryLoop}) knows nothing of Spring Boot's
 * properties: the auto-configuration builds it from {@code tether.retry.*}, after validating them.
 * The defaults are the library's own ({@code DEFAULT_*}); the properties write them as literals and
 * a test keeps the two equal.
 *
 * @param settings the attempts, back-off and time of a boundary whose annotation sets none
 * @param commitOutcomeTimeout how long a boundary looks for the outcome of a commit whose answer was
 * lost
 * @param failInsideTransaction whether a call inside a transaction that no boundary began fails
 * ({@code true}) or runs once after a warning
 * @param optimisticLockFailures whether optimistic-lock failures are retried
 * @param deadlocks whether deadlocks are retried
 * @param serializationFailures whether serialization failures are retried
 * @param lockTimeouts whether lock-wait timeouts are retried
 * @param writesReturnTransactionId whether a transaction's first single-row write on PostgreSQL
 * returns the transaction's id, so that its commit needs no query before {@code COMMIT}
 */
record RetryPolicy(RetrySettings settings, Duration commitOutcomeTimeout, boolean failInsideTransaction,
		boolean optimisticLockFailures, boolean deadlocks, boolean serializationFailures, boolean lockTimeouts,
		boolean writesReturnTransactionId) {

	/** Default attempts of a boundary, the first one included: 10. */
	static final int DEFAULT_MAX_ATTEMPTS = 10;

	/** Default cap of the first retry delay: 20 ms. */
	static final Duration DEFAULT_DELAY = Duration.ofMillis(20);

	/** Default largest cap of a retry delay: 1 s. */
	static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);

	/** Default growth of the delay cap per attempt: 2. */
	static final double DEFAULT_MULTIPLIER = 2.0;

	/** Default longest time a boundary keeps retrying: 10 s. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Default longest time a boundary looks for a lost commit's outcome: 10 s. */
	static final Duration DEFAULT_COMMIT_OUTCOME_TIMEOUT = Duration.ofSeconds(10);

	/** By default a call inside a transaction that no boundary began fails fast. */
	static final boolean DEFAULT_FAIL_INSIDE_TRANSACTION = true;

	/** By default optimistic-lock failures, deadlocks and serialization failures are retried. */
	static final boolean DEFAULT_RETRY_CONFLICTS = true;

	/** By default lock-wait timeouts are not retried: the lock holder may still be busy. */
	static final boolean DEFAULT_RETRY_LOCK_TIMEOUTS = false;

	/**
	 * By default a boundary's first single-row write on PostgreSQL 13+ returns the transaction's id
	 * (one round trip less per commit).
	 */
	static final boolean DEFAULT_WRITES_RETURN_TRANSACTION_ID = true;

	private static final RetryPolicy DEFAULTS = new RetryPolicy(
			new RetrySettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MULTIPLIER, DEFAULT_TIMEOUT),
			DEFAULT_COMMIT_OUTCOME_TIMEOUT, DEFAULT_FAIL_INSIDE_TRANSACTION, DEFAULT_RETRY_CONFLICTS,
			DEFAULT_RETRY_CONFLICTS, DEFAULT_RETRY_CONFLICTS, DEFAULT_RETRY_LOCK_TIMEOUTS,
			DEFAULT_WRITES_RETURN_TRANSACTION_ID);

	/**
	 * Returns the library's defaults; {@code tether.retry.*} defaults to the same values.
	 * @return the default policy
	 */
	static RetryPolicy defaults() {
		return DEFAULTS;
	}

	/** Whether a failure of this kind is retried under this policy. */
	boolean isRetried(ConflictKind kind) {
		return switch (kind) {
			case OPTIMISTIC_LOCK -> this.optimisticLockFailures;
			case DEADLOCK -> this.deadlocks;
			case SERIALIZATION_FAILURE -> this.serializationFailures;
			case LOCK_TIMEOUT -> this.lockTimeouts;
			case COMMIT_ROLLED_BACK, RETURNING_REFUSED -> true;
			case READ_ONLY_NODE, COMMIT_OUTCOME_UNKNOWN, OTHER -> false;
		};
	}

}
