package dev.tether.batch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Bulk updates ({@code tether.batch.*}). */
@ConfigurationProperties("tether.batch")
public class BatchProperties {

	/** Whether to provide the BulkUpdater bean. */
	private boolean enabled = true;

	/** JDBC batch size Hibernate uses (hibernate.jdbc.batch_size), unless the application sets its own. */
	private int size = 50;

	/** Rows in the first chunk of a bulk update (and in every chunk when the size is fixed). */
	private int chunkSize = 1000;

	/** Largest chunk an adaptive bulk update may grow to. */
	private int maxChunkSize = 5_000;

	/** Duration each chunk's transaction aims at when the chunk size adapts. */
	private Duration targetChunkDuration = Duration.ofMillis(100);

	/**
	 * Lock timeout of each chunk's transaction (PostgreSQL: SET LOCAL lock_timeout; MySQL and MariaDB:
	 * innodb_lock_wait_timeout in whole seconds, put back after the chunk).
	 */
	private Duration lockTimeout = Duration.ofSeconds(2);

	/** Replica replay lag above which a bulk update pauses until the replicas catch up. */
	private Duration maxReplicaLag = Duration.ofSeconds(2);

	/** Longest a bulk update waits for lagging replicas before it stops with a checkpoint. */
	private Duration maxPause = Duration.ofMinutes(10);

	/**
	 * Longest time a bulk update looks for the outcome of a chunk's commit whose answer was lost (the
	 * connection broke during COMMIT) before it stops with a checkpoint, saying the outcome is unknown.
	 */
	private Duration commitOutcomeTimeout = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getSize() {
		return this.size;
	}

	public void setSize(int size) {
		this.size = size;
	}

	public int getChunkSize() {
		return this.chunkSize;
	}

	public void setChunkSize(int chunkSize) {
		this.chunkSize = chunkSize;
	}

	public int getMaxChunkSize() {
		return this.maxChunkSize;
	}

	public void setMaxChunkSize(int maxChunkSize) {
		this.maxChunkSize = maxChunkSize;
	}

	public Duration getTargetChunkDuration() {
		return this.targetChunkDuration;
	}

	public void setTargetChunkDuration(Duration targetChunkDuration) {
		this.targetChunkDuration = targetChunkDuration;
	}

	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public void setLockTimeout(Duration lockTimeout) {
		this.lockTimeout = lockTimeout;
	}

	public Duration getMaxReplicaLag() {
		return this.maxReplicaLag;
	}

	public void setMaxReplicaLag(Duration maxReplicaLag) {
		this.maxReplicaLag = maxReplicaLag;
	}

	public Duration getMaxPause() {
		return this.maxPause;
	}

	public void setMaxPause(Duration maxPause) {
		this.maxPause = maxPause;
	}

	public Duration getCommitOutcomeTimeout() {
		return this.commitOutcomeTimeout;
	}

	public void setCommitOutcomeTimeout(Duration commitOutcomeTimeout) {
		this.commitOutcomeTimeout = commitOutcomeTimeout;
	}

	BulkSettings toSettings() {
		return new BulkSettings(this.chunkSize, this.maxChunkSize, this.targetChunkDuration, this.lockTimeout,
				this.maxReplicaLag, this.maxPause, this.commitOutcomeTimeout);
	}

}
