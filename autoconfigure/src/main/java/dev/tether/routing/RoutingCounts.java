package dev.tether.routing;

import dev.tether.sql.SqlKind;

/**
 * The routing counts since start, as the Actuator endpoint reads them. {@link RoutingCounters}
 * counts them without any metrics library; with Micrometer, the routing meters are the one source
 * and the counters read them ({@link RoutingCounters#readFrom}), so no decision is counted twice.
 */
public interface RoutingCounts {

	/**
	 * Returns the number of decisions for a target and reason.
	 * @param target the target
	 * @param reason the reason
	 * @return the count since start
	 */
	long decisions(RoutingTarget target, RoutingReason reason);

	/**
	 * Returns the number of refused statements of a kind.
	 * @param kind the statement kind
	 * @return the count since start
	 */
	long mismatches(SqlKind kind);

	/**
	 * Returns the number of fallbacks from one replica to the primary.
	 * @param replica the replica's name
	 * @return the count since start
	 */
	long fallbacks(String replica);

	/**
	 * Returns the number of fallbacks from any replica to the primary.
	 * @return the count since start
	 */
	long fallbacks();

	/**
	 * Returns the last fallback from one replica to the primary.
	 * @param replica the replica's name
	 * @return the last fallback, or {@code null} if there was none since start
	 */
	RoutingCounters.Fallback lastFallback(String replica);

	/**
	 * Returns the number of statements a replica refused as writes.
	 * @return the count since start
	 */
	long replicaRefusals();

}
