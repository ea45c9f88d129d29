package dev.tether.batch;

import java.time.Duration;

/**
 * Where a bulk update stands after a chunk.
 *
 * @param rows rows changed so far (in a dry run: rows that would be)
 * @param chunks chunks committed so far
 * @param checkpoint the last key done: pass it to {@code resumeAfter} to continue from here
 * @param chunkSize the size of the next chunk
 * @param elapsed time since the run started
 * @param pauses how often the run paused for replica lag
 * @param estimatedRemaining estimated time left, {@code null} when the total is unknown
 */
public record BulkProgress(long rows, long chunks, Object checkpoint, int chunkSize, Duration elapsed, long pauses,
		Duration estimatedRemaining) {

	/**
	 * Returns the rate so far.
	 * @return rows per second
	 */
	public double rowsPerSecond() {
		double seconds = this.elapsed.toNanos() / 1e9;
		return (seconds > 0) ? this.rows / seconds : 0;
	}

}
