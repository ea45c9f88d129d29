package dev.tether.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The wait for a replica's replay that works with every probe: ask for its position, then again
 * every 2 ms until the timeout. One round trip per 2 ms on a connection the read holds anyway, for a
 * wait that is short (the causal wait, 20 ms by default). Stateless.
 */
final class ReplayPolling {

	/** How often a replica is asked whether it has caught up. */
	private static final long POLL_NANOS = 2_000_000;

	private ReplayPolling() {
	}

	static boolean await(ReplicationProbe probe, Connection replica, long position, Duration timeout)
			throws SQLException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (probe.replayPosition(replica) >= position) {
				return true;
			}
			if (System.nanoTime() >= deadline) {
				return false;
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
	}

}
