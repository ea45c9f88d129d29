package dev.tether.batch;

import java.time.Duration;

import dev.tether.routing.CommitSettling;

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
 * @param commitOutcomeTimeout longest a run looks for the outcome of a chunk's commit whose answer was
 * lost ({@code tether.batch.commit-outcome-timeout}); zero or positive
 */
public record BulkSettings(int chunkSize, int maxChunkSize, Duration targetChunkDuration, Duration lockTimeout,
		Duration maxReplicaLag, Duration maxPause, Duration commitOutcomeTimeout) {

	/**
	 * Checks the commit outcome timeout.
	 * @throws IllegalArgumentException naming the property when it is negative
	 */
	public BulkSettings {
		if (commitOutcomeTimeout == null || commitOutcomeTimeout.isNegative()) {
			throw new IllegalArgumentException("tether.batch.commit-outcome-timeout must be zero or positive (was "
					+ commitOutcomeTimeout + ")");
		}
	}

	/**
	 * Settings with the default commit outcome timeout ({@link CommitSettling#DEFAULT_TIMEOUT}).
	 * @param chunkSize first chunk size, and the size of fixed chunks
	 * @param maxChunkSize largest chunk an adaptive run may grow to
	 * @param targetChunkDuration duration adaptive chunks aim at, {@code null} for fixed chunks
	 * @param lockTimeout lock timeout of each chunk's transaction
	 * @param maxReplicaLag replica lag above which a run pauses
	 * @param maxPause longest a run waits for replicas before failing with a checkpoint
	 */
	public BulkSettings(int chunkSize, int maxChunkSize, Duration targetChunkDuration, Duration lockTimeout,
			Duration maxReplicaLag, Duration maxPause) {
		this(chunkSize, maxChunkSize, targetChunkDuration, lockTimeout, maxReplicaLag, maxPause,
				CommitSettling.DEFAULT_TIMEOUT);
	}

	/**
	 * The defaults: chunks of 1,000 rows adapting towards 100 ms (at most 10,000), 2 s lock
	 * timeout, pause over 2 s of replica lag, for at most 10 minutes, and 10 s to settle a commit whose
	 * answer was lost.
	 * @return the defaults
	 */
	public static BulkSettings defaults() {
		return new BulkSettings(1000, 5_000, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(2),
				Duration.ofMinutes(10));
	}

}
