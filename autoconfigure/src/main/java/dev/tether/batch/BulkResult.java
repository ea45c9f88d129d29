package dev.tether.batch;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a bulk update.
 *
 * @param rows rows changed (in a dry run: rows that would be)
 * @param chunks chunks run
 * @param checkpoint the last key done
 * @param elapsed total time
 * @param pauses how often the run paused for replica lag
 * @param dryRunChunks in a dry run, the chunks it would process as {@code [first key, last key, rows]};
 * empty otherwise
 */
public record BulkResult(long rows, long chunks, Object checkpoint, Duration elapsed, long pauses,
		List<Object[]> dryRunChunks) {

}
