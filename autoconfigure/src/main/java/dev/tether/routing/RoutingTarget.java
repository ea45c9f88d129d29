package dev.tether.routing;

/** The kind of node a transaction or statement was routed to. */
public enum RoutingTarget {

	/** The primary: the application's {@code spring.datasource}. */
	PRIMARY,

	/** One of the replicas configured under {@code tether.replicas}. */
	REPLICA;

	/**
	 * Returns the lowercase name used in meters and logs.
	 * @return {@code primary} or {@code replica}
	 */
	public String tagValue() {
		return (this == PRIMARY) ? "primary" : "replica";
	}

}
