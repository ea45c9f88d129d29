package dev.tether.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * How read-only work is served beyond the basic rules: read-your-writes, and what happens when no
 * replica qualifies.
 *
 * @param readYourWrites how a read that follows the session's own write is kept from stale data
 * @param causalWait how long a causal read waits for a replica to replay the session's writes
 * before it uses the primary
 * @param window how long reads stay on the primary after a write, in {@code WINDOW} mode
 * @param fallbackToPrimary whether reads go to the primary when no replica qualifies, or fail
 */
public record ReadPolicy(ReadYourWrites readYourWrites, Duration causalWait, Duration window,
		boolean fallbackToPrimary) {

	/** Default read-your-writes: {@link ReadYourWrites#CAUSAL}. */
	public static final ReadYourWrites DEFAULT_READ_YOUR_WRITES = ReadYourWrites.CAUSAL;

	/** Default longest wait of a causal read for a replica to replay the session's writes: 20 ms. */
	public static final Duration DEFAULT_CAUSAL_WAIT = Duration.ofMillis(20);

	/** Default time reads stay on the primary after a write, where the window applies: 1 s. */
	public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

	/** By default reads go to the primary when no replica qualifies. */
	public static final boolean DEFAULT_FALLBACK_TO_PRIMARY = true;

	private static final ReadPolicy DEFAULTS = new ReadPolicy(DEFAULT_READ_YOUR_WRITES, DEFAULT_CAUSAL_WAIT,
			DEFAULT_WINDOW, DEFAULT_FALLBACK_TO_PRIMARY);

	/**
	 * Checks the policy.
	 * @param readYourWrites how reads follow writes
	 * @param causalWait the causal wait, zero or positive
	 * @param window the read-your-writes window, zero or positive
	 * @param fallbackToPrimary whether reads fall back to the primary
	 * @throws IllegalArgumentException if a duration is negative
	 */
	public ReadPolicy {
		Objects.requireNonNull(readYourWrites, "ReadPolicy: readYourWrites must not be null");
		Objects.requireNonNull(causalWait, "ReadPolicy: causalWait must not be null");
		Objects.requireNonNull(window, "ReadPolicy: window must not be null");
		if (causalWait.isNegative()) {
			throw new IllegalArgumentException("ReadPolicy: causalWait must not be negative (was " + causalWait + ")");
		}
		if (window.isNegative()) {
			throw new IllegalArgumentException("ReadPolicy: window must not be negative (was " + window + ")");
		}
	}

	/**
	 * The defaults: causal read-your-writes waiting up to {@link #DEFAULT_CAUSAL_WAIT} (20 ms), a
	 * window of {@link #DEFAULT_WINDOW} (1 s), fallback to the primary. Spring Boot's
	 * {@code tether.routing.*} properties default to the same values.
	 * @return the default policy
	 */
	public static ReadPolicy defaults() {
		return DEFAULTS;
	}

	/** How a read that follows the session's own write is kept from stale data. */
	public enum ReadYourWrites {

		/**
		 * The read goes to a replica that has replayed the session's last write (its replication
		 * position), waiting up to the causal wait for one, else to the primary.
		 */
		CAUSAL,

		/** The read goes to the primary for a fixed window after the session's last write. */
		WINDOW,

		/** No read-your-writes: reads may not see the session's own recent writes. */
		NONE

	}

}
