package dev.tether.batch;

import java.time.Duration;

/**
 * Defaults of bulk updates ({@code tether.batch.*}).
 *
 * @param chunkSize first chunk size, and the size of fixed chunks
 * @param maxChunkSize largest chunk an adaptive run may grow to
 * @param targetChunkDuration duration adaptive chunks aim at, {@code null} for fixed chunks
 * @param lockTimeout lock timeout of each chunk's transaction (PostgreSQL {@code lock_timeout}, MySQL and
 * MariaDB {@code innodb_lock_wait_timeout} rounded up to whole seconds)
 * @param maxReplicaLag replica lag above which a run pauses
 * @param maxPause longest a run waits for replicas before failing with a checkpoint
 */
public record BulkSettings(int chunkSize, int maxChunkSize, Duration targetChunkDuration, Duration lockTimeout,
		Duration maxReplicaLag, Duration maxPause) {

	/**
	 * The defaults: chunks of 1,000 rows adapting towards 100 ms (at most 10,000), 2 s lock
	 * timeout, pause over 2 s of replica lag, for at most 10 minutes.
	 * @return the defaults
	 */
	public static BulkSettings defaults() {
		return new BulkSettings(1000, 5_000, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(2),
				Duration.ofMinutes(10));
	}

}
