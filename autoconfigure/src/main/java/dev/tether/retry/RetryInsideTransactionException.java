package dev.tether.retry;

import org.springframework.transaction.IllegalTransactionStateException;

/**
 * Thrown when a {@code @RetryOptimistic} method is called inside a transaction that no retry
 * boundary began: after a conflict that transaction is marked rollback-only and its persistence
 * context holds stale entities, so only the code that began it can re-run it.
 */
public class RetryInsideTransactionException extends IllegalTransactionStateException {

	/**
	 * Creates a new instance for a boundary.
	 * @param boundary the method that was called
	 */
	public RetryInsideTransactionException(String boundary) {
		super(boundary + " is annotated @RetryOptimistic but was called inside a transaction that no"
				+ " @RetryOptimistic method began. Retrying there cannot work: after a conflict the caller's"
				+ " transaction is marked rollback-only and its persistence context holds stale entities, so"
				+ " only the code that begins the transaction can re-run it. Fix: put @RetryOptimistic on the"
				+ " method that starts the transaction (the outermost @Transactional), or call " + boundary
				+ " outside a transaction. Set tether.retry.inside-transaction=warn to call it without retrying"
				+ " instead.");
	}

}
