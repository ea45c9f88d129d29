package dev.tether.retry;

import java.time.Duration;

import dev.tether.annotation.RetryOptimistic;

import org.springframework.boot.convert.DurationStyle;

/**
 * The attempts and back-off of one retry boundary: an annotation's attributes over the
 * {@code tether.retry.*} defaults.
 *
 * @param maxAttempts maximum number of attempts, the first one included
 * @param delay cap of the first delay
 * @param maxDelay largest cap
 * @param multiplier growth of the cap per attempt
 */
record RetrySettings(int maxAttempts, Duration delay, Duration maxDelay, double multiplier) {

	static RetrySettings of(RetryProperties defaults) {
		return new RetrySettings(defaults.getMaxAttempts(), defaults.getDelay(), defaults.getMaxDelay(),
				defaults.getMultiplier());
	}

	/**
	 * Overrides the defaults with the annotation's non-default attributes.
	 * @throws IllegalStateException naming the method when an attribute is malformed
	 */
	RetrySettings with(RetryOptimistic annotation, String method) {
		RetrySettings settings = new RetrySettings((annotation.maxAttempts() != -1) ? annotation.maxAttempts() : this.maxAttempts,
				duration(annotation.delay(), this.delay, method, "delay"),
				duration(annotation.maxDelay(), this.maxDelay, method, "maxDelay"),
				(annotation.multiplier() != -1) ? annotation.multiplier() : this.multiplier);
		String problem = problem("@RetryOptimistic on " + method, settings.maxAttempts, settings.delay,
				settings.maxDelay, settings.multiplier);
		if (problem != null) {
			throw new IllegalStateException(problem);
		}
		return settings;
	}

	FullJitterBackOff backOff() {
		return new FullJitterBackOff(this.delay, this.maxDelay, this.multiplier);
	}

	static String problem(String where, int maxAttempts, Duration delay, Duration maxDelay, double multiplier) {
		if (maxAttempts < 1) {
			return where + ": maxAttempts must be at least 1 (was " + maxAttempts + ")";
		}
		if (delay.isNegative() || maxDelay.isNegative()) {
			return where + ": delays must not be negative (were " + delay + " and " + maxDelay + ")";
		}
		if (multiplier < 1) {
			return where + ": multiplier must be at least 1 (was " + multiplier + ")";
		}
		return null;
	}

	private static Duration duration(String value, Duration fallback, String method, String attribute) {
		if (value.isEmpty()) {
			return fallback;
		}
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("@RetryOptimistic on " + method + ": " + attribute + " = \"" + value
					+ "\" is not a duration; use for example \"20ms\" or \"1s\"", ex);
		}
	}

}
