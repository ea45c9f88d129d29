package dev.tether.batch;

import org.springframework.dao.DataAccessException;

/**
 * Thrown when a bulk update stops on a failure. Every chunk before the failing one is committed;
 * the failing one is rolled back. {@link #getCheckpoint()} is the last key done: a new run with
 * {@code resumeAfter(checkpoint)} continues without redoing or skipping a row.
 */
public class BulkUpdateException extends DataAccessException {

	private final transient Object checkpoint;

	private final long rowsDone;

	/**
	 * Creates a new instance.
	 * @param message what failed
	 * @param checkpoint the last key done, or {@code null} if no chunk committed
	 * @param rowsDone rows committed before the failure
	 * @param cause the failure
	 */
	public BulkUpdateException(String message, Object checkpoint, long rowsDone, Throwable cause) {
		super(message, cause);
		this.checkpoint = checkpoint;
		this.rowsDone = rowsDone;
	}

	/**
	 * Returns the last key done.
	 * @return the checkpoint to resume after, or {@code null} if no chunk committed
	 */
	public Object getCheckpoint() {
		return this.checkpoint;
	}

	/**
	 * Returns the rows committed before the failure.
	 * @return the count
	 */
	public long getRowsDone() {
		return this.rowsDone;
	}

}
