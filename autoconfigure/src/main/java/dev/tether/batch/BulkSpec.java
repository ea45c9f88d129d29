package dev.tether.batch;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one bulk update changes and how it chunks, fixed when it starts: the builder
 * ({@link BulkUpdate}) hands this to the engine ({@link BulkRun}).
 *
 * @param table the table, a plain identifier
 * @param key the unique, ordered key column, a plain identifier
 * @param set the body of the {@code SET} clause, {@code null} only in a dry run
 * @param where the condition, {@code "true"} for every row
 * @param whereArguments the condition's arguments
 * @param keys the keys to change, sorted, or {@code null} to select them by the condition
 * @param chunkSize the first chunk's size
 * @param targetChunkDuration the duration adaptive chunks aim at, {@code null} for fixed chunks
 * @param resumeAfter the checkpoint to continue after, or {@code null}
 * @param dryRun whether to change nothing
 * @param progress called after every chunk
 */
record BulkSpec(String table, String key, String set, String where, Object[] whereArguments, List<Object> keys,
		int chunkSize, Duration targetChunkDuration, Object resumeAfter, boolean dryRun,
		Consumer<BulkProgress> progress) {

	/** Binds arguments from a parameter index on, returning the next free index. */
	static int bind(PreparedStatement statement, int index, Object[] arguments) throws SQLException {
		for (Object argument : arguments) {
			statement.setObject(index++, argument);
		}
		return index;
	}

}
