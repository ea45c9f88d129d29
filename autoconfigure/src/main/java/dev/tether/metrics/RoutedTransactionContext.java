package dev.tether.metrics;

import dev.tether.routing.RoutingReason;
import dev.tether.routing.RoutingTarget;
import io.micrometer.observation.Observation;

/** The context of the observation of one routed transaction. */
public class RoutedTransactionContext extends Observation.Context {

	private final RoutingTarget target;

	private final String replica;

	private final RoutingReason reason;

	private Boolean committed;

	/**
	 * Creates the context of a transaction that was just pinned to a node.
	 * @param target the node's kind
	 * @param replica the replica's name, or {@code null} for the primary
	 * @param reason why it went there
	 */
	public RoutedTransactionContext(RoutingTarget target, String replica, RoutingReason reason) {
		this.target = target;
		this.replica = replica;
		this.reason = reason;
	}

	/**
	 * Returns the kind of node the transaction runs on.
	 * @return the target
	 */
	public RoutingTarget getTarget() {
		return this.target;
	}

	/**
	 * Returns the replica the transaction runs on.
	 * @return the replica's name, or {@code null} for the primary
	 */
	public String getReplica() {
		return this.replica;
	}

	/**
	 * Returns why the transaction went where it went.
	 * @return the reason
	 */
	public RoutingReason getReason() {
		return this.reason;
	}

	/**
	 * Returns how the transaction ended.
	 * @return {@code true} if committed, {@code false} if not, {@code null} while it runs
	 */
	public Boolean getCommitted() {
		return this.committed;
	}

	void setCommitted(boolean committed) {
		this.committed = committed;
	}

}
