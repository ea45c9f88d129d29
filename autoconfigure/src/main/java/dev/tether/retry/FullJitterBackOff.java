package dev.tether.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Exponential back-off with full jitter: the n-th delay is drawn uniformly from
 * {@code [0, min(maxDelay, delay * multiplier^n)]}. Spring's {@code ExponentialBackOff} adds its
 * jitter on top of the exponential delay, so contenders that collided once wake up together again;
 * drawing the whole delay spreads them out, which is what resolves write conflicts fastest
 * (see "Exponential Backoff And Jitter", AWS Architecture Blog, 2015). Unless given a number of
 * retries, an execution never stops by itself: the retry loop bounds the attempts.
 */
public final class FullJitterBackOff implements BackOff {

	private final long delayMillis;

	private final long maxDelayMillis;

	private final double multiplier;

	private final long maxRetries;

	/**
	 * Creates a back-off.
	 * @param delay cap of the first delay
	 * @param maxDelay largest cap
	 * @param multiplier growth of the cap per attempt
	 */
	public FullJitterBackOff(Duration delay, Duration maxDelay, double multiplier) {
		this(delay, maxDelay, multiplier, Long.MAX_VALUE);
	}

	/**
	 * Creates a back-off that stops after a number of retries, for Spring's {@code RetryPolicy},
	 * which takes the attempts from a custom back-off.
	 * @param delay cap of the first delay
	 * @param maxDelay largest cap
	 * @param multiplier growth of the cap per attempt
	 * @param maxRetries retries after the first attempt, after which the execution says stop
	 */
	public FullJitterBackOff(Duration delay, Duration maxDelay, double multiplier, long maxRetries) {
		this.delayMillis = delay.toMillis();
		this.maxDelayMillis = Math.max(maxDelay.toMillis(), this.delayMillis);
		this.multiplier = multiplier;
		this.maxRetries = maxRetries;
	}

	@Override
	public BackOffExecution start() {
		return new BackOffExecution() {

			private double cap = FullJitterBackOff.this.delayMillis;

			private long retries;

			@Override
			public long nextBackOff() {
				if (this.retries++ >= FullJitterBackOff.this.maxRetries) {
					return STOP;
				}
				long bound = (long) Math.min(this.cap, FullJitterBackOff.this.maxDelayMillis);
				this.cap = Math.min(this.cap * FullJitterBackOff.this.multiplier, FullJitterBackOff.this.maxDelayMillis);
				return (bound > 0) ? ThreadLocalRandom.current().nextLong(bound + 1) : 0;
			}

		};
	}

	long maxDelayMillis() {
		return this.maxDelayMillis;
	}

}
