package dev.tether.retry;

import dev.tether.routing.UnansweredCommitException;

import org.springframework.dao.NonTransientDataAccessException;

/**
 * Thrown by a retry boundary when the connection broke during its transaction's {@code COMMIT} and
 * Tether could not settle whether it committed: the work is not run again, since a re-run could
 * apply it twice (a duplicate order). Names the method, the database's transaction id (PostgreSQL's
 * {@code xid8}; {@code null} on MySQL and MariaDB, which offer none before the commit) and the node.
 * <p>
 * A {@link NonTransientDataAccessException} on purpose: a transient one invites generic retry
 * policies to do exactly the blind re-run this exception exists to prevent. The caller decides:
 * look for the work's effect (on PostgreSQL {@code SELECT pg_xact_status('<id>')} answers once the
 * primary is reachable), or make the operation idempotent (a unique key on a request id) so that
 * running it again is safe.
 */
public class CommitOutcomeUnknownException extends NonTransientDataAccessException {

	private final String boundary;

	private final String transactionId;

	private final String node;

	/**
	 * Creates a new instance.
	 * @param boundary the boundary's name (the method)
	 * @param attempts the attempts that ran, the unanswered one included
	 * @param cause what the routing connection found out
	 */
	public CommitOutcomeUnknownException(String boundary, int attempts, UnansweredCommitException cause) {
		super("The outcome of " + boundary + " is unknown: " + cause.getMessage() + " (attempt " + attempts
				+ "). It was not run again, since that could apply it twice; check whether transaction "
				+ ((cause.getTransactionId() != null) ? cause.getTransactionId() + " " : "")
				+ "on the " + cause.getNode() + " committed, or make the operation idempotent (for example a"
				+ " unique key on a request id) so that it can run again safely", cause);
		this.boundary = boundary;
		this.transactionId = cause.getTransactionId();
		this.node = cause.getNode();
	}

	/**
	 * Returns the boundary that gave up.
	 * @return its name, the qualified method name for {@code @RetryOptimistic}
	 */
	public String getBoundary() {
		return this.boundary;
	}

	/**
	 * Returns the database's id of the transaction whose outcome is unknown.
	 * @return PostgreSQL's {@code xid8} as text, {@code null} when the database offers none
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

}
