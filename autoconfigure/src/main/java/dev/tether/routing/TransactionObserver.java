package dev.tether.routing;

/**
 * Observes routed transactions from their first statement to their end, with state of its own
 * per transaction (a tracing span, an {@code Observation}), which a {@link RoutingListener}'s
 * stateless events cannot carry. A router has at most one; none by default, since holding state
 * per transaction costs an allocation on every transaction's path.
 */
@FunctionalInterface
public interface TransactionObserver {

	/**
	 * A transaction was pinned to a node at its first statement.
	 * @param target the node's kind
	 * @param replica the replica's name, or {@code null} for the primary
	 * @param reason why it went there
	 * @return the transaction's handle, told when it ends; {@code null} to leave it unobserved
	 */
	Handle onTransactionStart(RoutingTarget target, String replica, RoutingReason reason);

	/** One observed transaction. */
	@FunctionalInterface
	interface Handle {

		/**
		 * The transaction ended. Called once, on the thread that ended it.
		 * @param committed {@code true} for a commit, {@code false} for a rollback, a failed
		 * commit, or a connection closed in the middle of the transaction
		 */
		void onTransactionEnd(boolean committed);

	}

}
