package dev.tether.retry;

import java.time.Duration;

import dev.tether.annotation.RetryOptimistic;

import org.springframework.boot.convert.DurationStyle;

/**
 * The attempts, back-off and time of one retry boundary: an annotation's attributes over the
 * {@code tether.retry.*} defaults.
 *
 * @param maxAttempts maximum number of attempts, the first one included
 * @param delay cap of the first delay
 * @param maxDelay largest cap
 * @param multiplier growth of the cap per attempt
 * @param timeout time after which no further attempt starts
 */
record RetrySettings(int maxAttempts, Duration delay, Duration maxDelay, double multiplier, Duration timeout) {

	RetrySettings withMaxAttempts(int maxAttempts) {
		return new RetrySettings(maxAttempts, this.delay, this.maxDelay, this.multiplier, this.timeout);
	}

	/**
	 * Overrides the defaults with the annotation's non-default attributes.
	 * @throws IllegalStateException naming the method, the attribute and its allowed range when an
	 * attribute is malformed
	 */
	RetrySettings with(RetryOptimistic annotation, String method) {
		String where = "@RetryOptimistic on " + method;
		String own = annotationProblem(annotation, where);
		if (own != null) {
			throw new IllegalStateException(own);
		}
		RetrySettings settings = new RetrySettings(
				(annotation.maxAttempts() != -1) ? annotation.maxAttempts() : this.maxAttempts,
				duration(annotation.delay(), this.delay, where, "delay"),
				duration(annotation.maxDelay(), this.maxDelay, where, "maxDelay"),
				(annotation.multiplier() != -1) ? annotation.multiplier() : this.multiplier,
				duration(annotation.timeout(), this.timeout, where, "timeout"));
		String problem = problem(where, settings.maxAttempts, settings.delay, settings.maxDelay, settings.multiplier,
				settings.timeout);
		if (problem != null) {
			throw new IllegalStateException(problem + " (attributes left out take tether.retry.*)");
		}
		return settings;
	}

	FullJitterBackOff backOff() {
		return new FullJitterBackOff(this.delay, this.maxDelay, this.multiplier);
	}

	/**
	 * The problems of the annotation's own attributes, without the defaults: what startup can check
	 * before the properties are bound.
	 */
	static String annotationProblem(RetryOptimistic annotation, String where) {
		if (annotation.maxAttempts() != -1 && annotation.maxAttempts() < 1) {
			return where + ": maxAttempts must be at least 1, or -1 for tether.retry.max-attempts (was "
					+ annotation.maxAttempts() + ")";
		}
		if (annotation.multiplier() != -1 && !(annotation.multiplier() >= 1)) {
			return where + ": multiplier must be at least 1, or -1 for tether.retry.multiplier (was "
					+ annotation.multiplier() + ")";
		}
		Duration delay = duration(annotation.delay(), null, where, "delay");
		Duration maxDelay = duration(annotation.maxDelay(), null, where, "maxDelay");
		Duration timeout = duration(annotation.timeout(), null, where, "timeout");
		if (delay != null && delay.isNegative()) {
			return where + ": delay must be zero or positive (was " + annotation.delay() + ")";
		}
		if (maxDelay != null && maxDelay.isNegative()) {
			return where + ": maxDelay must be zero or positive (was " + annotation.maxDelay() + ")";
		}
		if (delay != null && maxDelay != null && delay.compareTo(maxDelay) > 0) {
			return where + ": delay must not exceed maxDelay (were " + annotation.delay() + " and "
					+ annotation.maxDelay() + ")";
		}
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			return where + ": timeout must be positive (was " + annotation.timeout() + ")";
		}
		return null;
	}

	static String problem(String where, int maxAttempts, Duration delay, Duration maxDelay, double multiplier,
			Duration timeout) {
		if (maxAttempts < 1) {
			return where + ": maxAttempts must be at least 1 (was " + maxAttempts + ")";
		}
		if (delay.isNegative() || maxDelay.isNegative()) {
			return where + ": delays must be zero or positive (were " + delay + " and " + maxDelay + ")";
		}
		if (delay.compareTo(maxDelay) > 0) {
			return where + ": delay must not exceed maxDelay (were " + delay + " and " + maxDelay + ")";
		}
		if (!(multiplier >= 1)) {
			return where + ": multiplier must be at least 1 (was " + multiplier + ")";
		}
		if ((timeout.isNegative() || timeout.isZero())) {
			return where + ": timeout must be positive (was " + timeout + ")";
		}
		return null;
	}

	private static Duration duration(String value, Duration fallback, String where, String attribute) {
		if (value.isEmpty()) {
			return fallback;
		}
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(where + ": " + attribute + " = \"" + value
					+ "\" is not a duration; use for example \"20ms\" or \"1s\"", ex);
		}
	}

}
