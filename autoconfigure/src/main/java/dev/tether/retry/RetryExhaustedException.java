package dev.tether.retry;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * Thrown when a retry boundary stops retrying a write conflict: every allowed attempt conflicted,
 * the retry budget refused another retry, the boundary's time was spent, or the thread was
 * interrupted ({@link #getReason()}). Names the method, the entity and id (and version when known)
 * that conflicted, the attempts and why it stopped; the last conflict is its cause. A
 * {@link ConcurrencyFailureException}, so handlers of Spring's data-access exceptions keep catching
 * it: map it to HTTP 409 (the request may be repeated), never to 500.
 */
public class RetryExhaustedException extends ConcurrencyFailureException {

	private final String boundary;

	private final int attempts;

	private final RetryOutcome reason;

	private final transient ConflictTarget target;

	/**
	 * Creates a new instance for attempts spent.
	 * @param message the full message
	 * @param boundary the boundary's name (the method)
	 * @param attempts the number of attempts that ran
	 * @param cause the last conflict
	 */
	public RetryExhaustedException(String message, String boundary, int attempts, Throwable cause) {
		this(message, boundary, attempts, RetryOutcome.EXHAUSTED, ConflictTarget.of(cause), cause);
	}

	/**
	 * Creates a new instance.
	 * @param message the full message
	 * @param boundary the boundary's name (the method)
	 * @param attempts the number of attempts that ran
	 * @param reason why it stopped: {@link RetryOutcome#EXHAUSTED}, {@link RetryOutcome#BUDGET_REFUSED},
	 * {@link RetryOutcome#TIME_SPENT} or {@link RetryOutcome#INTERRUPTED}
	 * @param target what conflicted, {@code null} when unknown
	 * @param cause the last conflict
	 */
	public RetryExhaustedException(String message, String boundary, int attempts, RetryOutcome reason,
			ConflictTarget target, Throwable cause) {
		super(message, cause);
		this.boundary = boundary;
		this.attempts = attempts;
		this.reason = reason;
		this.target = target;
	}

	/**
	 * Returns the name of the boundary that gave up.
	 * @return the method, for {@code @RetryOptimistic}
	 */
	public String getBoundary() {
		return this.boundary;
	}

	/**
	 * Returns how many attempts ran.
	 * @return the number of attempts, the first one included
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Returns why the boundary stopped.
	 * @return the outcome counted in {@code tether.retry.calls}
	 */
	public RetryOutcome getReason() {
		return this.reason;
	}

	/**
	 * Returns what conflicted, when the conflict said.
	 * @return the entity and id or table and key, or {@code null}
	 */
	public ConflictTarget getTarget() {
		return this.target;
	}

}
