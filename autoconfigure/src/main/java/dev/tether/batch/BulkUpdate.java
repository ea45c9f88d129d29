package dev.tether.batch;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.tether.replica.ReplicaHealth;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.retry.FullJitterBackOff;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.TetherDataSource;
import dev.tether.sql.SqlIdentifiers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.backoff.BackOffExecution;

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
 * bound with {@code ?}); table and key names must be plain identifiers.
 */
public final class BulkUpdate {

	private static final Log logger = LogFactory.getLog(BulkUpdate.class);

	private static final int CHUNK_ATTEMPTS = 5;

	private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

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
	 * Restricts the change to rows with these keys, split into chunks (one bound array per chunk,
	 * so no driver limit on bind parameters applies).
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
	 */
	public BulkResult execute() {
		if (this.set == null && !this.dryRun) {
			throw new IllegalStateException("A bulk update of " + this.table + " needs set(...)");
		}
		Run run = new Run();
		long rowLimit = rowLimit();
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			run.total = (this.keys != null) ? this.keys.size() : -1;
			if (this.keys != null) {
				this.keys.sort(null);
			}
			while (true) {
				throttle(run);
				int size = (int) Math.min(run.chunkSize, rowLimit);
				Chunk chunk = runChunk(run, size);
				if (chunk.keys == 0) {
					break;
				}
				run.record(chunk);
				adapt(run, chunk);
				try {
					this.progress.accept(run.progress());
				}
				catch (RuntimeException ex) {
					throw new BulkUpdateException("Bulk update of " + this.table + " stopped by its progress listener after "
							+ run.rows + " rows; resume after " + run.checkpoint, run.checkpoint, run.rows, ex);
				}
				run.logIfDue(this.table);
				if (chunk.keys < size) {
					break;
				}
			}
		}
		return new BulkResult(run.rows, run.chunks, run.checkpoint, run.elapsed(), run.pauses, run.dryRunChunks);
	}

	/** Runs one chunk in its own transaction, retrying it on deadlocks and serialization failures. */
	private Chunk runChunk(Run run, int size) {
		BackOffExecution backOff = new FullJitterBackOff(Duration.ofMillis(10), Duration.ofMillis(500), 2).start();
		for (int attempt = 1;; attempt++) {
			try {
				return chunk(run, size);
			}
			catch (SQLException | RuntimeException ex) {
				ConflictKind kind = ConflictClassifier.classify(ex);
				boolean retried = kind == ConflictKind.DEADLOCK || kind == ConflictKind.SERIALIZATION_FAILURE;
				if (!retried || attempt >= CHUNK_ATTEMPTS) {
					throw new BulkUpdateException("Bulk update of " + this.table + " failed after " + run.rows
							+ " rows in " + run.chunks + " chunks (" + kind.tagValue() + "); every earlier chunk is"
							+ " committed, this one rolled back. Resume with resumeAfter(" + run.checkpoint + ")",
							run.checkpoint, run.rows, ex);
				}
				LockSupport.parkNanos(backOff.nextBackOff() * 1_000_000);
			}
		}
	}

	private Chunk chunk(Run run, int size) throws SQLException {
		long start = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				try (Statement statement = connection.createStatement()) {
					statement.execute("SET LOCAL lock_timeout = '" + this.settings.lockTimeout().toMillis() + "ms'");
				}
				List<Object> keys = nextKeys(connection, run, size);
				long changed = 0;
				if (!keys.isEmpty() && !this.dryRun) {
					changed = update(connection, keys);
				}
				connection.commit();
				Object first = keys.isEmpty() ? null : keys.get(0);
				Object last = keys.isEmpty() ? null : keys.get(keys.size() - 1);
				return new Chunk(keys.size(), this.dryRun ? keys.size() : changed, first, last, System.nanoTime() - start);
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
		}
	}

	/** The next chunk's keys, in order, after the checkpoint: keyset pagination. */
	private List<Object> nextKeys(Connection connection, Run run, int size) throws SQLException {
		Object after = (run.checkpoint != null) ? run.checkpoint : this.resumeAfter;
		if (this.keys != null) {
			int from = 0;
			if (after != null) {
				from = firstAfter(after);
			}
			return new ArrayList<>(this.keys.subList(from, Math.min(this.keys.size(), from + size)));
		}
		String sql = "SELECT " + this.key + " FROM " + this.table + " WHERE (" + this.where + ")"
				+ ((after != null) ? " AND " + this.key + " > ?" : "") + " ORDER BY " + this.key + " LIMIT ?";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			int index = bind(statement, 1, this.whereArguments);
			if (after != null) {
				statement.setObject(index++, after);
			}
			statement.setInt(index, size);
			List<Object> keys = new ArrayList<>(size);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					keys.add(result.getObject(1));
				}
			}
			return keys;
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private int firstAfter(Object after) {
		for (int i = 0; i < this.keys.size(); i++) {
			if (((Comparable) this.keys.get(i)).compareTo(after) > 0) {
				return i;
			}
		}
		return this.keys.size();
	}

	/** Changes the chunk's rows, re-checking the condition: a row may have stopped matching. */
	private long update(Connection connection, List<Object> keys) throws SQLException {
		String sql = "UPDATE " + this.table + " SET " + this.set + " WHERE " + this.key + " = ANY(?) AND ("
				+ this.where + ")";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			Array array = connection.createArrayOf(arrayType(keys.get(0)), keys.toArray());
			statement.setArray(1, array);
			bind(statement, 2, this.whereArguments);
			return statement.executeLargeUpdate();
		}
	}

	private static int bind(PreparedStatement statement, int index, Object[] arguments) throws SQLException {
		for (Object argument : arguments) {
			statement.setObject(index++, argument);
		}
		return index;
	}

	private static String arrayType(Object key) {
		if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof java.math.BigInteger) {
			return "bigint";
		}
		if (key instanceof UUID) {
			return "uuid";
		}
		if (key instanceof java.math.BigDecimal) {
			return "numeric";
		}
		return "text";
	}

	/**
	 * The most rows one chunk may change: a chunk is one transaction, so it stays within the
	 * statement guards' row limit ({@code tether.guard.max-rows-per-transaction}) when one is set.
	 */
	private long rowLimit() {
		TetherDataSource router = TetherDataSource.find(this.dataSource);
		if (router == null || !router.getGuards().countsRows()) {
			return Integer.MAX_VALUE;
		}
		return router.getGuards().maxRowsPerTransaction();
	}

	/** Towards the target duration per chunk: proportional, at most doubling, capped. */
	private void adapt(Run run, Chunk chunk) {
		if (this.targetChunkDuration == null || chunk.nanos <= 0) {
			return;
		}
		double factor = Math.min(2.0, Math.max(0.25, this.targetChunkDuration.toNanos() / (double) chunk.nanos));
		run.chunkSize = (int) Math.max(1, Math.min(this.settings.maxChunkSize(), Math.round(run.chunkSize * factor)));
	}

	/** Waits while any reachable replica's replay lag is over the threshold; counts each pause once. */
	private void throttle(Run run) {
		if (this.monitor == null || this.dryRun) {
			return;
		}
		boolean paused = false;
		long deadline = System.nanoTime() + this.settings.maxPause().toNanos();
		for (ReplicaHealth behind = lagging(); behind != null; behind = lagging()) {
			if (!paused) {
				paused = true;
				run.pauses++;
				this.listener.onPause(this.table);
				Duration lag = behind.status().lag();
				logger.info("Bulk update of " + this.table + " paused: replica '" + behind.name() + "' is "
						+ ((lag != null) ? lag.toMillis() : "?") + " ms behind, over "
						+ this.settings.maxReplicaLag().toMillis() + " ms (tether.batch.max-replica-lag)");
			}
			if (System.nanoTime() > deadline) {
				throw new BulkUpdateException("Bulk update of " + this.table + " gave up waiting "
						+ this.settings.maxPause().toSeconds() + " s for the replicas to catch up (tether.batch.max-pause);"
						+ " resume with resumeAfter(" + run.checkpoint + ")", run.checkpoint, run.rows, null);
			}
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		if (paused) {
			logger.info("Bulk update of " + this.table + " resumed: replicas caught up");
		}
	}

	private ReplicaHealth lagging() {
		long max = this.settings.maxReplicaLag().toNanos();
		for (ReplicaHealth replica : this.monitor.replicas()) {
			Duration lag = replica.status().lag();
			if (lag != null && lag.toNanos() > max && replica.state() != dev.tether.replica.ReplicaState.DOWN) {
				return replica;
			}
		}
		return null;
	}

	private record Chunk(int keys, long rows, Object first, Object last, long nanos) {

	}

	/** The state of one run. */
	private final class Run {

		final long started = System.nanoTime();

		long lastLog = this.started;

		long rows;

		long chunks;

		long pauses;

		long total = -1;

		long keysDone;

		Object checkpoint;

		int chunkSize = BulkUpdate.this.chunkSize;

		final List<Object[]> dryRunChunks = new ArrayList<>();

		void record(Chunk chunk) {
			this.rows += chunk.rows;
			this.keysDone += chunk.keys;
			this.chunks++;
			this.checkpoint = chunk.last;
			BulkUpdate.this.listener.onChunk(BulkUpdate.this.table, chunk.rows, chunk.nanos);
			if (BulkUpdate.this.dryRun) {
				this.dryRunChunks.add(new Object[] { chunk.first, chunk.last, chunk.keys });
			}
		}

		Duration elapsed() {
			return Duration.ofNanos(System.nanoTime() - this.started);
		}

		BulkProgress progress() {
			Duration remaining = null;
			if (this.total > 0 && this.keysDone > 0) {
				long nanosPerKey = (System.nanoTime() - this.started) / this.keysDone;
				remaining = Duration.ofNanos(nanosPerKey * Math.max(0, this.total - this.keysDone));
			}
			return new BulkProgress(this.rows, this.chunks, this.checkpoint, this.chunkSize, elapsed(), this.pauses,
					remaining);
		}

		void logIfDue(String table) {
			long now = System.nanoTime();
			if (now - this.lastLog >= LOG_INTERVAL_NANOS) {
				this.lastLog = now;
				BulkProgress progress = progress();
				logger.info(String.format("Bulk update of %s: %,d rows in %,d chunks, %,.0f rows/s, chunk size %d%s",
						table, progress.rows(), progress.chunks(), progress.rowsPerSecond(), progress.chunkSize(),
						(progress.estimatedRemaining() != null)
								? ", about " + progress.estimatedRemaining().toSeconds() + " s left" : ""));
			}
		}

	}

}
