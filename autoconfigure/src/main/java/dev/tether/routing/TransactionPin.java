package dev.tether.routing;

/**
 * Which node a logical connection's current transaction is pinned to, from its first statement
 * until it ends, and the reporting of both ends: the routing decision and the transaction's time
 * to the listener, and its observation, if any, to the observer. Without replicas the pin holds
 * the primary and reports nothing. Not thread-safe, like the connection.
 * <p>
 * A layer of the logical connection ({@link PhysicalConnections} says why layers), so the pin's
 * state is four fields of the connection; the listener and observer are the router's, read from
 * {@link RoutingCore} when a transaction starts or ends rather than copied into every connection.
 */
abstract class TransactionPin extends PhysicalConnections {

	private PhysicalNode pinned;

	/** Whether the pinned transaction is read-only and routed for reads, so writes are refused. */
	private boolean readOnlyRouted;

	private long pinnedAt;

	private TransactionObserver.Handle observation;

	TransactionPin(RoutingCore core) {
		super(core);
	}

	/** The node of the current transaction, {@code null} until its first statement. */
	final PhysicalNode pinnedNode() {
		return this.pinned;
	}

	final boolean isPinned() {
		return this.pinned != null;
	}

	final boolean isReadOnlyRouted() {
		return this.readOnlyRouted;
	}

	/** Pins the transaction to a node, reporting the decision. */
	final PhysicalNode pin(PhysicalNode node, RoutingReason reason, boolean readOnlyRouted) {
		this.pinned = node;
		this.readOnlyRouted = readOnlyRouted;
		if (this.core.routes()) {
			this.pinnedAt = System.nanoTime();
			this.core.listener().onDecision(node.target(), node.replicaName(), reason);
			TransactionObserver observer = this.core.observer();
			if (observer != null) {
				this.observation = observer.onTransactionStart(node.target(), node.replicaName(), reason);
			}
		}
		return node;
	}

	/** A failover moved the pinned read to another node. */
	final void moved(PhysicalNode from, PhysicalNode to) {
		if (this.pinned == from) {
			this.pinned = to;
		}
	}

	/** Unpins the current transaction, if any, and reports its end. */
	final void unpin(boolean committed) {
		PhysicalNode ended = this.pinned;
		if (ended == null) {
			return;
		}
		this.pinned = null;
		if (!this.core.routes()) {
			return;
		}
		this.core.listener()
			.onTransactionEnd(ended.target(), ended.replicaName(), System.nanoTime() - this.pinnedAt, committed);
		TransactionObserver.Handle handle = this.observation;
		if (handle != null) {
			this.observation = null;
			handle.onTransactionEnd(committed);
		}
	}

	/** The pinned node, for {@code toString}. */
	final String describePin() {
		return (this.pinned != null) ? this.pinned.describe() : "none";
	}

}
