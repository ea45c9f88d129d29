package dev.tether.batch;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.tether.replica.ReplicaHealth;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.replica.ReplicaState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Holds a bulk update back while a reachable replica's replay lag is over
 * {@code tether.batch.max-replica-lag}, so the run never leaves the replicas far behind; gives up
 * after {@code tether.batch.max-pause}.
 */
final class ReplicaThrottle {

	private static final Log logger = LogFactory.getLog(BulkUpdate.class);

	private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

	private final ReplicaMonitor monitor;

	private final BulkSettings settings;

	private final BulkUpdateListener listener;

	/**
	 * @param monitor the replica monitor, or {@code null} for no throttle
	 * @param settings the lag threshold and the longest pause
	 * @param listener told of each pause
	 */
	ReplicaThrottle(ReplicaMonitor monitor, BulkSettings settings, BulkUpdateListener listener) {
		this.monitor = monitor;
		this.settings = settings;
		this.listener = listener;
	}

	/**
	 * Waits while a replica lags.
	 * @param table the table, for the log and the listener
	 * @param tooLong makes the exception to throw when the wait exceeds the longest pause
	 * @return whether the run paused
	 */
	boolean awaitReplicas(String table, java.util.function.Supplier<RuntimeException> tooLong) {
		if (this.monitor == null) {
			return false;
		}
		boolean paused = false;
		long deadline = System.nanoTime() + this.settings.maxPause().toNanos();
		for (ReplicaHealth behind = lagging(); behind != null; behind = lagging()) {
			if (!paused) {
				paused = true;
				this.listener.onPause(table);
				Duration lag = behind.status().lag();
				logger.info("Bulk update of " + table + " paused: replica '" + behind.name() + "' is "
						+ ((lag != null) ? lag.toMillis() : "?") + " ms behind, over "
						+ this.settings.maxReplicaLag().toMillis() + " ms (tether.batch.max-replica-lag)");
			}
			if (System.nanoTime() > deadline) {
				throw tooLong.get();
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		if (paused) {
			logger.info("Bulk update of " + table + " resumed: replicas caught up");
		}
		return paused;
	}

	private ReplicaHealth lagging() {
		long max = this.settings.maxReplicaLag().toNanos();
		for (ReplicaHealth replica : this.monitor.replicas()) {
			Duration lag = replica.status().lag();
			if (lag != null && lag.toNanos() > max && replica.state() != ReplicaState.DOWN) {
				return replica;
			}
		}
		return null;
	}

}
