package dev.tether.routing;

import java.sql.Connection;

import dev.tether.replica.InFlightConnections;

/**
 * A physical connection a logical connection holds, and the node it belongs to. One is made each
 * time a logical connection takes a physical one, so each transaction makes one: three fields
 * (24 bytes) within issue 11's allocation budget. The node's kind follows from the name, and the
 * registry finds the connection's slot itself ({@link InFlightConnections#leave(Connection)}).
 *
 * @param connection the pool's connection
 * @param replicaName the replica's name, {@code null} for the primary
 * @param inFlight the node's registry of connections in flight, where this one is entered
 */
record PhysicalNode(Connection connection, String replicaName, InFlightConnections inFlight) {

	/** A node outside any registry (nothing aborts it), for tests of what holds nodes. */
	PhysicalNode(Connection connection, RoutingTarget target, String replicaName) {
		this(connection, (target == RoutingTarget.REPLICA) ? replicaName : null, new InFlightConnections());
	}

	/** Enters a connection just taken in its node's registry, so that the node's probe can abort it. */
	static PhysicalNode entered(Connection connection, String replicaName, InFlightConnections inFlight) {
		inFlight.enter(connection);
		return new PhysicalNode(connection, replicaName, inFlight);
	}

	/** Leaves the registry: the connection is given back or disposed of. */
	void leave() {
		this.inFlight.leave(this.connection);
	}

	/** Work on this node completed: evidence for the monitor that the node answers. */
	void answered() {
		this.inFlight.answered();
	}

	/** The node's kind: a replica has a name. */
	RoutingTarget target() {
		return (this.replicaName != null) ? RoutingTarget.REPLICA : RoutingTarget.PRIMARY;
	}

	/**
	 * Why Tether aborted this connection (its node turned DOWN), {@code null} when it did not:
	 * asked when a call on it failed, and before a commit on the primary.
	 */
	String abortedBecause() {
		return this.inFlight.abortedBecause(this.connection);
	}

	boolean isReplica() {
		return this.replicaName != null;
	}

	String describe() {
		return (this.replicaName != null) ? "replica '" + this.replicaName + "'" : "primary";
	}

}
