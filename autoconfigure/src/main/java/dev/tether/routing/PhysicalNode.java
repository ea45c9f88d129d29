package dev.tether.routing;

import java.sql.Connection;

/**
 * A physical connection a logical connection holds, and the node it belongs to.
 *
 * @param connection the pool's connection
 * @param target the node's kind
 * @param replicaName the replica's name, {@code null} for the primary
 */
record PhysicalNode(Connection connection, RoutingTarget target, String replicaName) {

	boolean isReplica() {
		return this.target == RoutingTarget.REPLICA;
	}

	String describe() {
		return (this.replicaName != null) ? "replica '" + this.replicaName + "'" : "primary";
	}

}
