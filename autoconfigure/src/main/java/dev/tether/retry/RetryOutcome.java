package dev.tether.retry;

/** How a call of a retry boundary ended. */
public enum RetryOutcome {

	/** Succeeded at the first attempt. */
	SUCCESS_FIRST_TRY("success-first-try"),

	/** Succeeded after one or more retries. */
	SUCCESS_AFTER_RETRY("success-after-retry"),

	/** Every allowed attempt hit a conflict: a {@link RetryExhaustedException} escaped. */
	EXHAUSTED("exhausted"),

	/** Failed with an error that is not worth retrying; it escaped unchanged. */
	NOT_RETRYABLE("not-retryable"),

	/** A retry was due but the application's retry budget was spent; the conflict escaped. */
	BUDGET_REFUSED("budget-refused");

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
