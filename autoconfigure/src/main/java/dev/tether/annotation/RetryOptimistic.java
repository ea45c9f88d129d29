package dev.tether.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Re-runs the whole annotated method, and so its whole transaction, when it fails on a write
 * conflict: an optimistic-lock failure ({@code @Version}), a deadlock or a serialization failure
 * (each switchable with {@code tether.retry.*}). Every attempt starts a fresh transaction with a
 * fresh persistence context, because the retry boundary wraps {@code @ForceMaster} and
 * {@code @Transactional} on the same method.
 * <p>
 * Retrying only makes sense where the transaction starts. Called inside a transaction that an
 * outer {@code @RetryOptimistic} method began, the method does not retry by itself: the conflict
 * travels to the outer boundary, which re-runs everything. Called inside any other transaction,
 * it fails fast (see {@code tether.retry.inside-transaction}).
 * <p>
 * Attributes left at their defaults take the {@code tether.retry.*} settings. Delays grow
 * exponentially and are drawn with full jitter, between zero and the current cap. Retries of this
 * JVM that conflicted on the same row take turns on it; the application's retry budget refuses
 * retries only when they stop paying off in commits. When the boundary gives up (attempts, budget,
 * time or interruption) it throws {@code dev.tether.retry.RetryExhaustedException}, a Spring
 * {@code ConcurrencyFailureException} naming the method, the row and why.
 * <p>
 * Attributes out of range ({@code maxAttempts < 1}, negative delays, {@code delay > maxDelay},
 * {@code multiplier < 1}) fail the application's startup, naming the method.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface RetryOptimistic {

	/**
	 * Maximum number of attempts, the first one included; {@code -1} for
	 * {@code tether.retry.max-attempts}.
	 * @return the maximum number of attempts
	 */
	int maxAttempts() default -1;

	/**
	 * Cap of the first delay, as a duration ({@code "20ms"}); empty for {@code tether.retry.delay}.
	 * @return the base delay
	 */
	String delay() default "";

	/**
	 * Largest cap a delay can grow to ({@code "1s"}); empty for {@code tether.retry.max-delay}.
	 * @return the maximum delay
	 */
	String maxDelay() default "";

	/**
	 * Factor by which the cap grows after each attempt; {@code -1} for
	 * {@code tether.retry.multiplier}.
	 * @return the multiplier
	 */
	double multiplier() default -1;

	/**
	 * Longest time the boundary keeps retrying, as a duration ({@code "5s"}): no attempt starts
	 * after it, and waits for a hot key's turn end by it; empty for {@code tether.retry.timeout}.
	 * @return the timeout
	 */
	String timeout() default "";

}
