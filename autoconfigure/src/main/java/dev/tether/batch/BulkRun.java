package dev.tether.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.tether.routing.CommitSettling;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.TetherDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The engine of one bulk update: chunk after chunk in key order (keyset pagination, never
 * {@code OFFSET}), each its own transaction on the primary with its lock timeout, retried by
 * {@link ChunkRetry}, sized towards the target duration, held back by the {@link ReplicaThrottle},
 * reported to the progress callback. The SQL that differs between databases is the
 * {@link BulkSql}'s.
 */
final class BulkRun {

	private static final Log logger = LogFactory.getLog(BulkUpdate.class);

	private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

	private final DataSource dataSource;

	private final BulkSpec spec;

	private final BulkSettings settings;

	private final BulkUpdateListener listener;

	private final ReplicaThrottle throttle;

	private final ChunkRetry retry;

	private final long started = System.nanoTime();

	private final List<Object[]> dryRunChunks = new ArrayList<>();

	private long lastLog = this.started;

	private long rows;

	private long chunks;

	private long pauses;

	private long keysDone;

	private Object checkpoint;

	private int chunkSize;

	BulkRun(DataSource dataSource, BulkSpec spec, BulkSettings settings, BulkUpdateListener listener,
			ReplicaThrottle throttle, ChunkRetry retry) {
		this.dataSource = dataSource;
		this.spec = spec;
		this.settings = settings;
		this.listener = listener;
		this.throttle = throttle;
		this.retry = retry;
		this.chunkSize = spec.chunkSize();
	}

	BulkResult run() {
		long rowLimit = rowLimit();
		// a chunk whose commit lost its answer is settled before it is run again (or skipped)
		CommitSettling.enter(this.settings.commitOutcomeTimeout().toNanos());
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			BulkSql sql = detect();
			while (true) {
				if (!this.spec.dryRun() && this.throttle.awaitReplicas(this.spec.table(), this::gaveUpWaiting)) {
					this.pauses++;
				}
				int size = (int) Math.min(this.chunkSize, rowLimit);
				Chunk chunk = this.retry.run(() -> chunk(sql, size), this::chunkFailed);
				if (chunk.keys == 0) {
					break;
				}
				record(chunk);
				adapt(chunk);
				try {
					this.spec.progress().accept(progress());
				}
				catch (RuntimeException ex) {
					throw new BulkUpdateException("Bulk update of " + this.spec.table()
							+ " stopped by its progress listener after " + this.rows + " rows; resume after "
							+ this.checkpoint, this.checkpoint, this.rows, ex);
				}
				logIfDue();
				if (chunk.keys < size) {
					break;
				}
			}
		}
		finally {
			CommitSettling.exit();
		}
		return new BulkResult(this.rows, this.chunks, this.checkpoint, elapsed(), this.pauses, this.dryRunChunks);
	}

	private BulkSql detect() {
		try {
			return BulkSql.of(this.dataSource);
		}
		catch (SQLException ex) {
			throw new BulkUpdateException("Bulk update of " + this.spec.table()
					+ " could not reach the primary to tell its database", null, 0, ex);
		}
	}

	/** One chunk in its own transaction: lock timeout, next keys, update, commit. */
	private Chunk chunk(BulkSql sql, int size) throws SQLException {
		long start = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			BulkSql.Restore restore = BulkSql.Restore.NOTHING;
			Chunk chunk;
			try {
				restore = sql.begin(connection, this.settings.lockTimeout());
				List<Object> keys = nextKeys(connection, size);
				long changed = 0;
				if (!keys.isEmpty() && !this.spec.dryRun()) {
					changed = sql.update(connection, this.spec, keys);
				}
				connection.commit();
				Object first = keys.isEmpty() ? null : keys.get(0);
				Object last = keys.isEmpty() ? null : keys.get(keys.size() - 1);
				chunk = new Chunk(keys.size(), this.spec.dryRun() ? keys.size() : changed, first, last,
						System.nanoTime() - start);
			}
			catch (SQLException | RuntimeException ex) {
				try {
					connection.rollback();
					restore.restore(connection);
				}
				catch (SQLException | RuntimeException cleanup) {
					ex.addSuppressed(cleanup);
				}
				throw ex;
			}
			// after the commit: a session setting must not follow the pooled connection to other work
			try {
				restore.restore(connection);
			}
			catch (SQLException ex) {
				// the chunk committed, so it is not failed (a retry would apply it twice); a connection
				// that refuses a SET is broken, and the pool evicts it
				logger.warn("Bulk update of " + this.spec.table() + " could not reset the session's lock timeout", ex);
			}
			return chunk;
		}
	}

	/** The next chunk's keys, in order, after the checkpoint: keyset pagination. */
	private List<Object> nextKeys(Connection connection, int size) throws SQLException {
		Object after = (this.checkpoint != null) ? this.checkpoint : this.spec.resumeAfter();
		List<Object> given = this.spec.keys();
		if (given != null) {
			int from = (after != null) ? firstAfter(given, after) : 0;
			return new ArrayList<>(given.subList(from, Math.min(given.size(), from + size)));
		}
		String key = this.spec.key();
		String sql = "SELECT " + key + " FROM " + this.spec.table() + " WHERE (" + this.spec.where() + ")"
				+ ((after != null) ? " AND " + key + " > ?" : "") + " ORDER BY " + key + " LIMIT ?";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			int index = BulkSpec.bind(statement, 1, this.spec.whereArguments());
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
	private static int firstAfter(List<Object> keys, Object after) {
		for (int i = 0; i < keys.size(); i++) {
			if (((Comparable) keys.get(i)).compareTo(after) > 0) {
				return i;
			}
		}
		return keys.size();
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
	private void adapt(Chunk chunk) {
		Duration target = this.spec.targetChunkDuration();
		if (target == null || chunk.nanos <= 0) {
			return;
		}
		double factor = Math.min(2.0, Math.max(0.25, target.toNanos() / (double) chunk.nanos));
		this.chunkSize = (int) Math.max(1, Math.min(this.settings.maxChunkSize(), Math.round(this.chunkSize * factor)));
	}

	private void record(Chunk chunk) {
		this.rows += chunk.rows;
		this.keysDone += chunk.keys;
		this.chunks++;
		this.checkpoint = chunk.last;
		this.listener.onChunk(this.spec.table(), chunk.rows, chunk.nanos);
		if (this.spec.dryRun()) {
			this.dryRunChunks.add(new Object[] { chunk.first, chunk.last, chunk.keys });
		}
	}

	private RuntimeException chunkFailed(Exception failure, dev.tether.retry.ConflictKind kind) {
		if (kind == dev.tether.retry.ConflictKind.COMMIT_OUTCOME_UNKNOWN) {
			return new BulkUpdateException("Bulk update of " + this.spec.table() + " stopped after " + this.rows
					+ " rows in " + this.chunks + " chunks: the commit of the next chunk ("
					+ ((this.checkpoint != null) ? "the keys after " + this.checkpoint : "the first keys")
					+ ") lost its answer and whether it committed is unknown ("
					+ failure.getMessage() + "). It was not run again, since that could apply it twice; check"
					+ " whether those rows were changed, then resume with resumeAfter(" + this.checkpoint
					+ ") or after the chunk's last key", this.checkpoint, this.rows, failure);
		}
		return new BulkUpdateException("Bulk update of " + this.spec.table() + " failed after " + this.rows
				+ " rows in " + this.chunks + " chunks (" + kind.tagValue() + "); every earlier chunk is"
				+ " committed, this one rolled back. Resume with resumeAfter(" + this.checkpoint + ")",
				this.checkpoint, this.rows, failure);
	}

	private RuntimeException gaveUpWaiting() {
		return new BulkUpdateException("Bulk update of " + this.spec.table() + " gave up waiting "
				+ this.settings.maxPause().toSeconds() + " s for the replicas to catch up (tether.batch.max-pause);"
				+ " resume with resumeAfter(" + this.checkpoint + ")", this.checkpoint, this.rows, null);
	}

	private Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.started);
	}

	private BulkProgress progress() {
		Duration remaining = null;
		List<Object> given = this.spec.keys();
		if (given != null && !given.isEmpty() && this.keysDone > 0) {
			long nanosPerKey = (System.nanoTime() - this.started) / this.keysDone;
			remaining = Duration.ofNanos(nanosPerKey * Math.max(0, given.size() - this.keysDone));
		}
		return new BulkProgress(this.rows, this.chunks, this.checkpoint, this.chunkSize, elapsed(), this.pauses,
				remaining);
	}

	private void logIfDue() {
		long now = System.nanoTime();
		if (now - this.lastLog >= LOG_INTERVAL_NANOS) {
			this.lastLog = now;
			BulkProgress progress = progress();
			logger.info(String.format("Bulk update of %s: %,d rows in %,d chunks, %,.0f rows/s, chunk size %d%s",
					this.spec.table(), progress.rows(), progress.chunks(), progress.rowsPerSecond(),
					progress.chunkSize(), (progress.estimatedRemaining() != null)
							? ", about " + progress.estimatedRemaining().toSeconds() + " s left" : ""));
		}
	}

	private record Chunk(int keys, long rows, Object first, Object last, long nanos) {

	}

}
