package dev.tether.batch;

import javax.sql.DataSource;

import dev.tether.replica.ReplicaMonitor;

/**
 * Runs large changes as many short transactions on the primary: keyset chunks, a lock timeout per
 * chunk, chunk retries on deadlocks and serialization failures, adaptive chunk size, pauses while
 * replicas lag, progress, dry runs and checkpoints to resume from. Start one with
 * {@link #update(String)}.
 */
public class BulkUpdater {

	private final DataSource dataSource;

	private final ReplicaMonitor monitor;

	private final BulkUpdateListener listener;

	private final BulkSettings settings;

	/**
	 * Creates an updater.
	 * @param dataSource where to run (the router: chunks run on its primary)
	 * @param monitor the replica monitor whose lag pauses runs, or {@code null} for no throttle
	 * @param listener receives chunk and pause events
	 * @param settings the defaults
	 */
	public BulkUpdater(DataSource dataSource, ReplicaMonitor monitor, BulkUpdateListener listener,
			BulkSettings settings) {
		this.dataSource = dataSource;
		this.monitor = monitor;
		this.listener = (listener != null) ? listener : new BulkUpdateListener() { };
		this.settings = settings;
	}

	/**
	 * Starts describing a bulk change of a table.
	 * @param table the table
	 * @return the change, to describe and {@link BulkUpdate#execute() execute}
	 */
	public BulkUpdate update(String table) {
		return new BulkUpdate(this.dataSource, this.monitor, this.listener, table, this.settings);
	}

	/** The defaults of its runs; for tests of the wiring. */
	BulkSettings settings() {
		return this.settings;
	}

}
