package dev.tether.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.tether.replica.ReplicaMonitor;
import dev.tether.sql.SqlIdentifiers;

/**
 * One bulk change, described then run with {@link #execute()}: the rows of a table that match a
 * condition (or a list of keys) are changed in chunks, each its own short transaction on the
 * primary, in key order (keyset pagination, never {@code OFFSET}), so locks are held for one chunk
 * at a time and replicas keep up.
 * <pre class="code">
 * BulkResult result = bulk.update("product")
 *     .set("price = price * 1.1")
 *     .where("category = ?", "books")
 *     .execute();
 * </pre>
 * The {@code set} and {@code where} fragments are SQL written by the application (values are
 * bound with {@code ?}); table and key names must be plain identifiers. Runs on PostgreSQL, MySQL
 * and MariaDB.
 * <p>
 * This class only describes the change; {@code BulkRun} runs it, with the database's SQL from
 * {@code BulkSql}.
 */
public final class BulkUpdate {

	private final DataSource dataSource;

	private final ReplicaMonitor monitor;

	private final BulkUpdateListener listener;

	private final String table;

	private final BulkSettings settings;

	private String key = "id";

	private String set;

	private String where = "true";

	private Object[] whereArguments = new Object[0];

	private List<Object> keys;

	private int chunkSize;

	private Duration targetChunkDuration;

	private Object resumeAfter;

	private boolean dryRun;

	private Consumer<BulkProgress> progress = (p) -> {
	};

	BulkUpdate(DataSource dataSource, ReplicaMonitor monitor, BulkUpdateListener listener, String table,
			BulkSettings settings) {
		this.dataSource = dataSource;
		this.monitor = monitor;
		this.listener = listener;
		this.table = SqlIdentifiers.requirePlain(table);
		this.settings = settings;
		this.chunkSize = settings.chunkSize();
		this.targetChunkDuration = settings.targetChunkDuration();
	}

	/**
	 * Sets what to change: the body of the {@code SET} clause, for example {@code "price = price * 1.1"}.
	 * @param assignments the assignments
	 * @return this update
	 */
	public BulkUpdate set(String assignments) {
		this.set = assignments;
		return this;
	}

	/**
	 * Restricts the change to the rows matching a condition.
	 * @param condition a boolean SQL expression, with {@code ?} for the arguments
	 * @param arguments its arguments
	 * @return this update
	 */
	public BulkUpdate where(String condition, Object... arguments) {
		this.where = condition;
		this.whereArguments = arguments.clone();
		return this;
	}

	/**
	 * Restricts the change to rows with these keys, split into chunks (on PostgreSQL one bound array
	 * per chunk, on MySQL and MariaDB {@code IN} lists of at most 1,000 keys per statement, so no
	 * driver limit on bind parameters applies).
	 * @param keys the keys
	 * @return this update
	 */
	public BulkUpdate keys(Collection<?> keys) {
		this.keys = new ArrayList<>(keys);
		return this;
	}

	/**
	 * Names the unique, ordered key column the chunks follow; {@code id} by default.
	 * @param column the key column
	 * @return this update
	 */
	public BulkUpdate key(String column) {
		this.key = SqlIdentifiers.requirePlain(column);
		return this;
	}

	/**
	 * Uses a fixed number of rows per chunk.
	 * @param rows rows per chunk
	 * @return this update
	 */
	public BulkUpdate chunkSize(int rows) {
		if (rows < 1) {
			throw new IllegalArgumentException("chunkSize must be at least 1 (was " + rows + ")");
		}
		this.chunkSize = rows;
		this.targetChunkDuration = null;
		return this;
	}

	/**
	 * Adapts the chunk size so each chunk's transaction takes about this long (capped by
	 * {@code tether.batch.max-chunk-size}).
	 * @param duration the target duration of one chunk
	 * @return this update
	 */
	public BulkUpdate targetChunkDuration(Duration duration) {
		this.targetChunkDuration = duration;
		return this;
	}

	/**
	 * Continues a run that stopped: only keys after the checkpoint are processed.
	 * @param checkpoint the checkpoint of a {@link BulkUpdateException} or {@link BulkProgress}
	 * @return this update
	 */
	public BulkUpdate resumeAfter(Object checkpoint) {
		this.resumeAfter = checkpoint;
		return this;
	}

	/**
	 * Calls back after every chunk, on the running thread. An exception thrown here stops the run
	 * like a failed chunk (with a checkpoint), after the chunk committed.
	 * @param listener the callback
	 * @return this update
	 */
	public BulkUpdate onProgress(Consumer<BulkProgress> listener) {
		this.progress = listener;
		return this;
	}

	/**
	 * Reports the chunks the run would process, changing nothing.
	 * @return this update
	 */
	public BulkUpdate dryRun() {
		this.dryRun = true;
		return this;
	}

	/**
	 * Runs the change.
	 * @return what was done
	 * @throws BulkUpdateException when a chunk fails; earlier chunks stay committed and the
	 * exception carries the checkpoint to resume after
	 * @throws IllegalStateException when the primary is neither PostgreSQL nor MySQL/MariaDB
	 */
	public BulkResult execute() {
		if (this.set == null && !this.dryRun) {
			throw new IllegalStateException("A bulk update of " + this.table + " needs set(...)");
		}
		List<Object> sortedKeys = null;
		if (this.keys != null) {
			sortedKeys = new ArrayList<>(this.keys);
			sortedKeys.sort(null);
		}
		BulkSpec spec = new BulkSpec(this.table, this.key, this.set, this.where, this.whereArguments, sortedKeys,
				this.chunkSize, this.targetChunkDuration, this.resumeAfter, this.dryRun, this.progress);
		return new BulkRun(this.dataSource, spec, this.settings, this.listener,
				new ReplicaThrottle(this.monitor, this.settings, this.listener), ChunkRetry.DEFAULT)
			.run();
	}

}
