package dev.tether.retry;

import org.springframework.dao.ConcurrencyFailureException;

/**
 * Thrown when every allowed attempt of a retry boundary hit a write conflict. Names the method,
 * the number of attempts and, when known, the entity, id and version that conflicted; the last
 * conflict is its cause.
 */
public class RetryExhaustedException extends ConcurrencyFailureException {

	private final String boundary;

	private final int attempts;

	/**
	 * Creates a new instance.
	 * @param message the full message
	 * @param boundary the boundary's name (the method)
	 * @param attempts the number of attempts that ran
	 * @param cause the last conflict
	 */
	public RetryExhaustedException(String message, String boundary, int attempts, Throwable cause) {
		super(message, cause);
		this.boundary = boundary;
		this.attempts = attempts;
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

}
