package dev.tether.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

/**
 * Single-row updates on a fixed schedule, beside a change under test: each thread intends to start
 * one update every {@code interval}, each its own autocommit transaction on a plain pool, on a
 * random row of the changed range. Latency is measured from the <em>intended</em> start, not the
 * actual one, so an update that waits for a lock also charges the updates that should have started
 * meanwhile (no coordinated omission): a thread blocked for 2 s owes the 1,000 updates of its
 * schedule, runs them as soon as it is free, and each is recorded with the delay it really suffered.
 * <p>
 * Only updates whose intended start falls inside the change's window are recorded. Latencies are
 * kept whole (a few hundred thousand longs) and sorted, so percentiles are exact.
 */
final class LatencyLoop {

	private static final long WARM_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private final DataSource pool;

	private final String update;

	private final int threads;

	private final long intervalNanos;

	private final int maxId;

	private volatile long windowStart = Long.MAX_VALUE;

	private volatile long windowEnd = Long.MAX_VALUE;

	/**
	 * @param pool a plain pool with at least {@code threads} connections
	 * @param update a single-row update whose only parameter is the row's id
	 * @param threads updating threads
	 * @param intervalNanos intended time between two updates of one thread
	 * @param maxId rows {@code 1..maxId} are updated
	 */
	LatencyLoop(DataSource pool, String update, int threads, long intervalNanos, int maxId) {
		this.pool = pool;
		this.update = update;
		this.threads = threads;
		this.intervalNanos = intervalNanos;
		this.maxId = maxId;
	}

	/**
	 * Starts the loop, lets it run for half a second, runs the change on this thread, then
	 * {@code afterwards} (while the loop works off its backlog), and returns once every update
	 * scheduled during the change has finished.
	 */
	Measurement during(Runnable change, Runnable afterwards) throws InterruptedException {
		this.windowStart = Long.MAX_VALUE;
		this.windowEnd = Long.MAX_VALUE;
		long first = System.nanoTime();
		List<Worker> workers = new ArrayList<>();
		for (int i = 0; i < this.threads; i++) {
			// staggered, so the threads do not all fire in the same instant
			Worker worker = new Worker(first + i * this.intervalNanos / this.threads);
			worker.thread.start();
			workers.add(worker);
		}
		LockSupport.parkNanos(WARM_UP_NANOS);
		long start = System.nanoTime();
		this.windowStart = start;
		try {
			change.run();
		}
		finally {
			this.windowEnd = System.nanoTime();
		}
		long changeNanos = this.windowEnd - start;
		afterwards.run();
		long[] all = new long[0];
		long errors = 0;
		for (Worker worker : workers) {
			worker.thread.join();
			long[] mine = Arrays.copyOf(worker.latencies, worker.count);
			all = concat(all, mine);
			errors += worker.errors;
		}
		Arrays.sort(all);
		return new Measurement(changeNanos, all, errors);
	}

	private static long[] concat(long[] a, long[] b) {
		long[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	/** One updating thread and what it measured. */
	private final class Worker implements Runnable {

		final Thread thread = new Thread(this, "latency-loop");

		private long next;

		long[] latencies = new long[4096];

		int count;

		long errors;

		Worker(long first) {
			this.next = first;
		}

		@Override
		public void run() {
			// windowEnd is MAX_VALUE until the change ends; then the backlog of intended starts
			// inside the window is worked off, and the thread stops.
			while (this.next < LatencyLoop.this.windowEnd) {
				long now = System.nanoTime();
				if (now < this.next) {
					LockSupport.parkNanos(this.next - now);
					continue;
				}
				updateOneRow();
				long done = System.nanoTime();
				if (this.next >= LatencyLoop.this.windowStart) {
					record(done - this.next);
				}
				this.next += LatencyLoop.this.intervalNanos;
			}
		}

		private void updateOneRow() {
			try (Connection connection = LatencyLoop.this.pool.getConnection();
					PreparedStatement statement = connection.prepareStatement(LatencyLoop.this.update)) {
				statement.setLong(1, ThreadLocalRandom.current().nextInt(LatencyLoop.this.maxId) + 1);
				statement.executeUpdate();
			}
			catch (SQLException ex) {
				this.errors++;
			}
		}

		private void record(long nanos) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = nanos;
		}

	}

	/**
	 * What one window measured.
	 * @param changeNanos how long the change took
	 * @param latencies the recorded update latencies in nanoseconds, sorted
	 * @param errors updates that failed
	 */
	record Measurement(long changeNanos, long[] latencies, long errors) {

		/** The latency at this percentile (nearest rank), in milliseconds. */
		double percentileMillis(double percentile) {
			if (this.latencies.length == 0) {
				return Double.NaN;
			}
			int rank = (int) Math.ceil(percentile / 100 * this.latencies.length);
			return this.latencies[Math.max(0, Math.min(this.latencies.length - 1, rank - 1))] / 1e6;
		}

		double maxMillis() {
			return percentileMillis(100);
		}

	}

}
