package dev.tether.routing;

import java.sql.SQLException;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells a failure of work on a connection that Tether aborted (its node turned DOWN, see
 * {@code InFlightConnections}) and says so in a {@link NodeDownException}. The one translation
 * point: every JDBC call of the routing path that fails hands its exception here through
 * {@link LogicalConnection#failed}, on the failure's path only.
 */
final class AbortedWork {

	/** Where the work was when its connection was aborted. */
	enum Stage {

		/** A statement or another call before the commit: the transaction is rolled back. */
		WORK,

		/** Found aborted before {@code COMMIT} was sent: it did not commit. */
		BEFORE_COMMIT,

		/** {@code COMMIT} was sent and not answered: the outcome is unknown. */
		COMMIT

	}

	private AbortedWork() {
	}

	/**
	 * Returns the exception to throw for a failure of work on a node's connection.
	 * @param failure what the driver threw
	 * @param replicaName the node's replica name, {@code null} for the primary
	 * @param reason why Tether aborted the connection (the probe's verdict), {@code null} when it
	 * did not
	 * @param work the transaction's name
	 * @param stage where the work was
	 * @return a {@link NodeDownException} when the connection was aborted by Tether and the failure
	 * says it is gone; else the failure itself
	 */
	static SQLException translate(SQLException failure, String replicaName, String reason, String work, Stage stage) {
		// Tether's own exceptions say what happened already (a primary refused for the next statement
		// is not the aborted node's failure)
		if (reason == null || failure instanceof NodeDownException || failure instanceof PrimaryUnavailableException
				|| failure instanceof UnansweredCommitException
				|| (stage != Stage.BEFORE_COMMIT && !BrokenConnections.isLost(failure))) {
			return failure;
		}
		String node = (replicaName != null) ? "replica '" + replicaName + "'" : "the primary";
		return new NodeDownException(message(node, replicaName != null, reason, work, stage), node, reason,
				stage == Stage.COMMIT, failure);
	}

	/** The work, as the message names it: the Spring transaction's name (its method) when it has one. */
	static String describeWork() {
		String name = TransactionSynchronizationManager.getCurrentTransactionName();
		if (name != null) {
			return name;
		}
		return TransactionSynchronizationManager.isActualTransactionActive() ? "an unnamed transaction"
				: "a statement outside a Spring transaction";
	}

	static String message(String node, boolean replica, String reason, String work, Stage stage) {
		StringBuilder message = new StringBuilder();
		message.append(Character.toUpperCase(node.charAt(0))).append(node, 1, node.length())
			.append(" stopped answering and was marked DOWN by Tether's probe (").append(reason)
			.append("), which aborted the connection that ").append(work)
			.append(" used there so that no thread waits on a hung node. ");
		if (stage == Stage.COMMIT) {
			message.append("Its COMMIT had been sent and was not answered: the transaction may or may not have"
					+ " committed. Check what it wrote before running it again (inside @RetryOptimistic or a bulk"
					+ " update Tether settles such an outcome itself).");
			return message.toString();
		}
		message.append((stage == Stage.BEFORE_COMMIT) ? "COMMIT was not sent: " : "The work did not complete: ")
			.append("the transaction is rolled back (the server discards it once it sees the connection gone)."
					+ " Run it again: a new transaction is routed to a node that answers");
		message.append(replica ? " (another replica or the primary)."
				: "; reads keep running on replicas, writes fail with PrimaryUnavailableException until the"
						+ " primary answers a probe again.");
		return message.toString();
	}

}
