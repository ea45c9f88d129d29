package dev.tether.retry;

/** How a call of a retry boundary ended. */
public enum RetryOutcome {

	/** Succeeded at the first attempt. */
	SUCCESS_FIRST_TRY("success-first-try"),

	/** Succeeded after one or more retries. */
	SUCCESS_AFTER_RETRY("success-after-retry"),

	/** Every allowed attempt ({@code maxAttempts}) hit a conflict: a {@link RetryExhaustedException} escaped. */
	EXHAUSTED("exhausted"),

	/** Failed with an error that is not worth retrying; it escaped unchanged. */
	NOT_RETRYABLE("not-retryable"),

	/**
	 * A retry was due but the application's retry budget refused it (see {@link RetryBudget}): a
	 * {@link RetryExhaustedException} escaped.
	 */
	BUDGET_REFUSED("budget-refused"),

	/**
	 * A retry was due but the boundary's time ({@code tether.retry.timeout}) was spent, waiting for
	 * a turn, backing off or in attempts: a {@link RetryExhaustedException} escaped.
	 */
	TIME_SPENT("time-spent"),

	/**
	 * The thread was interrupted while it waited for a turn or backed off: a
	 * {@link RetryExhaustedException} escaped and the thread keeps its interrupt status.
	 */
	INTERRUPTED("interrupted"),

	/**
	 * The connection broke during a commit whose outcome could not be settled: not retried, a
	 * {@link CommitOutcomeUnknownException} escaped.
	 */
	COMMIT_OUTCOME_UNKNOWN("commit-outcome-unknown");

	private final String tagValue;

	RetryOutcome(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Returns the lowercase, dash-separated name used in meters and logs.
	 * @return the tag value, for example {@code success-after-retry}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
