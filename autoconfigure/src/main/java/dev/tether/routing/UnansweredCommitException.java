package dev.tether.routing;

import java.sql.SQLException;

/**
 * A commit inside a {@link CommitSettling} boundary whose answer was lost (the connection broke
 * after {@code COMMIT} was sent, or while it was being sent), and what Tether found out about it
 * afterwards. A commit found to have happened does not throw: it returns normally.
 * <p>
 * SQLState {@code 40000} (transaction rollback) when the transaction is known to have rolled back,
 * {@code 08007} (the SQL standard's "transaction resolution unknown") when its outcome could not be
 * settled.
 */
public class UnansweredCommitException extends SQLException {

	private final Outcome outcome;

	private final String transactionId;

	private final String node;

	/**
	 * Creates a new instance.
	 * @param message the full message
	 * @param outcome what is known
	 * @param transactionId the database's id of the transaction, {@code null} when it had none
	 * @param node the node it ran on
	 * @param cause the failure of the commit
	 */
	public UnansweredCommitException(String message, Outcome outcome, String transactionId, String node,
			Throwable cause) {
		super(message, (outcome == Outcome.ROLLED_BACK) ? "40000" : "08007", cause);
		this.outcome = outcome;
		this.transactionId = transactionId;
		this.node = node;
	}

	/**
	 * Returns what is known about the transaction.
	 * @return rolled back, or unknown
	 */
	public Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Returns the database's id of the transaction (PostgreSQL's {@code xid8}).
	 * @return the id, {@code null} when none was taken (a transaction that wrote nothing, or a
	 * database whose transactions cannot be looked up by id)
	 */
	public String getTransactionId() {
		return this.transactionId;
	}

	/**
	 * Returns the node the transaction ran on.
	 * @return for example {@code primary}
	 */
	public String getNode() {
		return this.node;
	}

	/** What is known about a transaction whose commit was not answered. */
	public enum Outcome {

		/** It did not commit and never will: running the work again cannot apply it twice. */
		ROLLED_BACK,

		/** It may or may not have committed: running the work again could apply it twice. */
		UNKNOWN

	}

}
