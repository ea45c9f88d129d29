package dev.tether.routing;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Thrown when work fails because the node it ran on stopped answering: Tether's probe marked the
 * node DOWN and aborted the connections in flight on it ({@code Connection#abort}), so that no
 * thread waits on a hung host for TCP to give up. The message names the node and the probe's
 * verdict (for example "no answer to 2 probes in a row of 400 ms each"); the cause is what the
 * driver threw when its connection was aborted.
 * <p>
 * The transaction it belonged to did not commit and is rolled back, unless its {@code COMMIT} was
 * already in flight: then {@link #isCommitOutcomeUnknown()} is {@code true} and the SQLState is
 * {@code 08007} (transaction resolution unknown) rather than {@code 08006}. A read whose first
 * statement had not returned does not see this exception: it moves to another node.
 * <p>
 * SQLState class 08 (connection exception), so pools such as HikariCP evict the connection and
 * Spring translates it to a {@code DataAccessResourceFailureException}. A non-transient connection
 * exception on purpose: the same call on the same connection cannot succeed, and a generic retry
 * of "transient" failures must not re-run a transaction whose commit may have happened. Running
 * the whole transaction again is safe when the outcome is not unknown: it is routed anew, to a node
 * that answers.
 */
public class NodeDownException extends SQLNonTransientConnectionException {

	private final String node;

	private final String reason;

	private final boolean commitOutcomeUnknown;

	/**
	 * Creates a new instance.
	 * @param message the full message
	 * @param node the node, for example {@code replica 'replica-1'} or {@code the primary}
	 * @param reason why the probe marked it DOWN
	 * @param commitOutcomeUnknown whether the transaction's {@code COMMIT} was in flight
	 * @param cause what the driver threw
	 */
	public NodeDownException(String message, String node, String reason, boolean commitOutcomeUnknown,
			SQLException cause) {
		super(message, commitOutcomeUnknown ? "08007" : "08006", cause);
		this.node = node;
		this.reason = reason;
		this.commitOutcomeUnknown = commitOutcomeUnknown;
	}

	/**
	 * Returns the node that went down.
	 * @return for example {@code replica 'replica-1'} or {@code the primary}
	 */
	public String getNode() {
		return this.node;
	}

	/**
	 * Returns why Tether's probe marked the node DOWN.
	 * @return for example {@code no answer to 2 probes in a row of 400 ms each, ...}
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Whether the transaction's {@code COMMIT} had been sent and not answered when the connection
	 * was aborted: it may have committed, so running it again could apply it twice.
	 * @return {@code true} only for a failure of a commit
	 */
	public boolean isCommitOutcomeUnknown() {
		return this.commitOutcomeUnknown;
	}

}
