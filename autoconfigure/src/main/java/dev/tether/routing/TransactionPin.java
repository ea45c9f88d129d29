package dev.tether.routing;

/**
 * Which node a logical connection's current transaction is pinned to, from its first statement
 * until it ends, and the reporting of both ends: the routing decision and the transaction's time
 * to the listener, and its observation, if any, to the observer. Without replicas the pin holds
 * the primary and reports nothing. Not thread-safe, like the connection.
 */
final class TransactionPin {

	private final RoutingListener listener;

	private final TransactionObserver observer;

	private final boolean reports;

	private PhysicalNode node;

	/** Whether the pinned transaction is read-only and routed for reads, so writes are refused. */
	private boolean readOnlyRouted;

	private long pinnedAt;

	private TransactionObserver.Handle observation;

	TransactionPin(RoutingListener listener, TransactionObserver observer, boolean reports) {
		this.listener = listener;
		this.observer = observer;
		this.reports = reports;
	}

	/** The node of the current transaction, {@code null} until its first statement. */
	PhysicalNode node() {
		return this.node;
	}

	boolean isPinned() {
		return this.node != null;
	}

	boolean isReadOnlyRouted() {
		return this.readOnlyRouted;
	}

	/** Pins the transaction to a node, reporting the decision. */
	PhysicalNode pin(PhysicalNode node, RoutingReason reason, boolean readOnlyRouted) {
		this.node = node;
		this.readOnlyRouted = readOnlyRouted;
		if (this.reports) {
			this.pinnedAt = System.nanoTime();
			this.listener.onDecision(node.target(), node.replicaName(), reason);
			if (this.observer != null) {
				this.observation = this.observer.onTransactionStart(node.target(), node.replicaName(), reason);
			}
		}
		return node;
	}

	/** A failover moved the pinned read to another node. */
	void moved(PhysicalNode from, PhysicalNode to) {
		if (this.node == from) {
			this.node = to;
		}
	}

	/** Unpins the current transaction, if any, and reports its end. */
	void unpin(boolean committed) {
		PhysicalNode ended = this.node;
		if (ended == null) {
			return;
		}
		this.node = null;
		if (!this.reports) {
			return;
		}
		this.listener.onTransactionEnd(ended.target(), ended.replicaName(), System.nanoTime() - this.pinnedAt, committed);
		TransactionObserver.Handle handle = this.observation;
		if (handle != null) {
			this.observation = null;
			handle.onTransactionEnd(committed);
		}
	}

	@Override
	public String toString() {
		return (this.node != null) ? this.node.describe() : "none";
	}

}
