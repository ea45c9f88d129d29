package dev.tether.routing;

import java.sql.Connection;

import dev.tether.replica.InFlightConnections;

/**
 * A physical connection a logical connection holds, and the node it belongs to.
 *
 * @param connection the pool's connection
 * @param target the node's kind
 * @param replicaName the replica's name, {@code null} for the primary
 * @param inFlight the node's registry of connections in flight, where this one is entered
 * @param slot its slot there
 */
record PhysicalNode(Connection connection, RoutingTarget target, String replicaName, InFlightConnections inFlight,
		int slot) {

	/** A node outside any registry (nothing aborts it), for tests of what holds nodes. */
	PhysicalNode(Connection connection, RoutingTarget target, String replicaName) {
		this(connection, target, replicaName, new InFlightConnections(), -1);
	}

	/** Enters a connection just taken in its node's registry, so that the node's probe can abort it. */
	static PhysicalNode entered(Connection connection, RoutingTarget target, String replicaName,
			InFlightConnections inFlight) {
		return new PhysicalNode(connection, target, replicaName, inFlight, inFlight.enter(connection));
	}

	/** Leaves the registry: the connection is given back or disposed of. */
	void leave() {
		this.inFlight.leave(this.slot, this.connection);
	}

	/** Work on this node completed: evidence for the monitor that the node answers. */
	void answered() {
		this.inFlight.answered();
	}

	/**
	 * Why Tether aborted this connection (its node turned DOWN), {@code null} when it did not:
	 * asked when a call on it failed, and before a commit on the primary.
	 */
	String abortedBecause() {
		return this.inFlight.abortedBecause(this.connection);
	}

	boolean isReplica() {
		return this.target == RoutingTarget.REPLICA;
	}

	String describe() {
		return (this.replicaName != null) ? "replica '" + this.replicaName + "'" : "primary";
	}

}
