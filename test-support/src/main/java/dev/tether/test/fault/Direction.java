package dev.tether.test.fault;

/** Which way bytes flow through a {@link FaultProxy}. */
public enum Direction {

	/** From the client (the application's driver) to the server (the database). */
	UPSTREAM,

	/** From the server back to the client. */
	DOWNSTREAM

}
