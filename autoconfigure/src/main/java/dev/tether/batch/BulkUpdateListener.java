package dev.tether.batch;

/** Receives the events of bulk updates, for meters. Every {@code BulkUpdateListener} bean is notified. */
public interface BulkUpdateListener {

	/**
	 * A chunk committed.
	 * @param table the table
	 * @param rows rows it changed
	 * @param nanos how long its transaction took
	 */
	default void onChunk(String table, long rows, long nanos) {
	}

	/**
	 * The run paused because a replica lagged too far behind.
	 * @param table the table
	 */
	default void onPause(String table) {
	}

}
