package dev.tether.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.annotation.RetryOptimistic;
import dev.tether.retry.RetryAutoConfiguration;
import dev.tether.retry.RetryCounters;
import dev.tether.retry.VersionedUpdate;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * A contended counter: N threads place orders (increment counters) for a fixed time, each order a
 * read-modify-write transaction, with four strategies side by side in one run:
 * <ul>
 * <li>{@code retry}: {@code @RetryOptimistic} with the default settings + a versioned update
 * (optimistic locking, turn-taking on the hot row, the default budget, a lost commit answer
 * settled with the transaction id the update returned);</li>
 * <li>{@code versioned}: the same read and versioned update without {@code @RetryOptimistic}: a
 * conflict fails the order, nothing is re-run, and the update returns no transaction id (no
 * boundary, so no commit settling); beside {@code retry} it shows what the boundary, the id and
 * the re-runs cost, beside {@code none} what the version check costs;</li>
 * <li>{@code for-update}: {@code SELECT ... FOR UPDATE}, then the update (pessimistic);</li>
 * <li>{@code none}: read, then write, no locking: its lost updates are counted.</li>
 * </ul>
 * On request ({@code -Dstrategies=retry,retry-unsettled,for-update}) a fifth, <b>not a default</b>:
 * {@code retry-unsettled}, {@code retry} in a second application on the same cluster with
 * {@code tether.retry.writes-return-transaction-id=false}, so that what the settling's returned
 * transaction id costs is measured side by side in one run (without it, a commit whose answer is
 * lost is settled by a query of its own, or, where that cannot be asked, fails as unknown).
 * Every order passes Tether's router as an application has it (the starter's defaults, one
 * replica; the orders are read-write transactions, so they all run on the primary).
 * On one hot row at 8, 32 and 64 threads and on 1,000 rows at 32 threads; five rounds per cell
 * with the strategies alternating (in an order that rotates from round to round, each run on a
 * freshly vacuumed table), median throughput reported, with the median and p99 latency of
 * an order in that round, and lost updates and failed orders summed over the rounds. Lost updates
 * are the increments that committed minus the increase of the counters' sum; failed orders are
 * calls that threw (for {@code retry}: the boundary gave up).
 * <p>
 * Below each cell, every strategy's committed orders over for-update's in the same round (median,
 * lowest, highest): the two ran within seconds of each other, so this ratio is steadier than the
 * medians' ratio on a machine whose speed drifts.
 * <p>
 * Run: {@code java [-Drounds=5] -cp benchmarks/target/benchmarks.jar dev.tether.benchmarks.ContentionHarness [seconds]}
 */
public final class ContentionHarness {

	private static final int MANY_ROWS = 1000;

	/** Rounds per cell: five unless {@code -Drounds=N} asks for more (a steadier median of the paired ratios). */
	private static final int ROUNDS = Integer.getInteger("rounds", 5);

	private static final String UNSETTLED = "retry-unsettled";

	private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
		.getThreadMXBean();

	private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
		java.lang.management.ManagementFactory.getOperatingSystemMXBean();

	private ContentionHarness() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		// "many": only the 1,000-row cell, for a quick look at the one cell below its target, at 32
		// threads unless a third argument says how many
		boolean manyOnly = args.length > 1 && args[1].equals("many");
		int manyThreads = (args.length > 2) ? Integer.parseInt(args[2]) : 32;
		// -Dstrategies=retry,for-update runs only those (a quicker look at two of them)
		String[] strategies = System.getProperty("strategies", "retry,versioned,for-update,none").split(",");
		// as an application has it: the starter's routing with one replica, so every order passes the
		// router (and a retry's commit settles a lost answer), every setting the starter's default
		try (EmbeddedReplicatedPostgres cluster = EmbeddedReplicatedPostgres.start(1);
				// a pool as large as the largest thread count, so that no strategy waits for connections
				ConfigurableApplicationContext context = start(Config.class, cluster,
						"spring.datasource.hikari.maximum-pool-size=66", "logging.level.dev.tether.retry=error");
				// retry-unsettled's second application, started only when asked for (see above)
				ConfigurableApplicationContext unsettled = List.of(strategies).contains(UNSETTLED)
						? start(Config.class, cluster, "spring.datasource.hikari.maximum-pool-size=66",
								"logging.level.dev.tether.retry=error", "tether.retry.writes-return-transaction-id=false")
						: null) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("create table counter (id int primary key, value bigint not null, version bigint not null)");
			jdbc.execute("insert into counter select i, 0, 0 from generate_series(0, " + (MANY_ROWS - 1) + ") i");
			Counters counters = context.getBean(Counters.class);
			RetryCounters retries = context.getBean(RetryCounters.class);
			for (String strategy : strategies) {
				// warm the JIT up on every path before measuring
				run(jdbc, counters(strategy, counters, unsettled), retries(strategy, retries, unsettled), strategy,
						MANY_ROWS, 8, 2);
				run(jdbc, counters(strategy, counters, unsettled), retries(strategy, retries, unsettled), strategy, 1, 8,
						2);
			}
			long lockedInWarmUp = retries.rowLocksFirst();
			System.out.printf("%-6s %-15s %7s %13s %9s %9s %13s %14s %11s %12s %6s %16s %13s %8s%n", "rows", "strategy",
					"threads", "tx/s (median)", "p50 ms", "p99 ms", "JVM CPU us/tx", "of it orders'", "switches/tx", "DB CPU us/tx", "idle", "retries/success",
					"lost updates", "failed");
			int[][] cells = manyOnly ? new int[][] { { MANY_ROWS, manyThreads } }
					: new int[][] { { 1, 8 }, { 1, 32 }, { 1, 64 }, { MANY_ROWS, 32 } };
			for (int[] cell : cells) {
				int rows = cell[0];
				int threads = cell[1];
				List<List<Result>> rounds = new ArrayList<>();
				for (int i = 0; i < strategies.length; i++) {
					rounds.add(new ArrayList<>());
				}
				// strategies alternate within each round, so drift of the machine hits all of them alike,
				// and the order rotates from round to round, so that no strategy always inherits what
				// the same one before it left
				for (int round = 0; round < ROUNDS; round++) {
					for (int k = 0; k < strategies.length; k++) {
						int i = (k + round) % strategies.length;
						rounds.get(i).add(run(jdbc, counters(strategies[i], counters, unsettled),
								retries(strategies[i], retries, unsettled), strategies[i], rows, threads, seconds));
					}
				}
				// each round's ratio to the for-update run of the same round, before the sort below:
				// the two ran seconds apart, so the machine's drift between rounds cancels out of it
				String paired = pairedRatios(strategies, rounds);
				for (int i = 0; i < strategies.length; i++) {
					List<Result> results = rounds.get(i);
					results.sort(java.util.Comparator.comparingLong(Result::committed));
					Result median = results.get(results.size() / 2);
					long lost = results.stream().mapToLong(Result::lost).sum();
					long failed = results.stream().mapToLong(Result::errors).sum();
					double cpu = median(results, Result::cpuMicrosPerCommit);
					double workers = median(results, Result::workerMicrosPerCommit);
					double switches = median(results, Result::switchesPerCommit);
					double db = median(results, Result::dbMicrosPerCommit);
					double idle = median(results, Result::idleShare);
					System.out.printf(Locale.ROOT, "%-6d %-15s %7d %13.0f %9.2f %9.2f %13.1f %14.1f %11.2f %12.1f %5.0f%% %16.2f %13d %8d%n",
							rows, strategies[i], threads, median.committed / (double) seconds, median.p50Nanos / 1e6,
							median.p99Nanos / 1e6, cpu, workers, switches, db, idle * 100, median.retriesPerSuccess(), lost, failed);
				}
				System.out.print(paired);
			}
			// one JVM: a turn holder loses only to a first attempt that took no turn, so few attempts
			// should lock their row first (the lock is for losses to other processes)
			System.out.printf(Locale.ROOT, "attempts that locked their row first: %d in the cells, %d in the warm-up%n",
					retries.rowLocksFirst() - lockedInWarmUp, lockedInWarmUp);
		}
	}

	/**
	 * Per strategy, its committed orders over for-update's in the same round: the median, the
	 * lowest and the highest of the rounds; empty when for-update did not run.
	 */
	private static String pairedRatios(String[] strategies, List<List<Result>> rounds) {
		int pessimistic = List.of(strategies).indexOf("for-update");
		if (pessimistic < 0) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < strategies.length; i++) {
			if (i == pessimistic) {
				continue;
			}
			double[] ratios = new double[ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				ratios[round] = rounds.get(i).get(round).committed()
						/ (double) Math.max(1, rounds.get(pessimistic).get(round).committed());
			}
			java.util.Arrays.sort(ratios);
			text.append(String.format(Locale.ROOT, "  %-15s / for-update, same round: median %.2fx, %.2f-%.2fx over %d rounds%n",
					strategies[i], ratios[ROUNDS / 2], ratios[0], ratios[ROUNDS - 1], ROUNDS));
		}
		return text.toString();
	}

	/** The counters a strategy calls: {@code retry-unsettled}'s are the second application's. */
	static Counters counters(String strategy, Counters own, ConfigurableApplicationContext unsettled) {
		return strategy.equals(UNSETTLED) ? unsettled.getBean(Counters.class) : own;
	}

	private static RetryCounters retries(String strategy, RetryCounters own, ConfigurableApplicationContext unsettled) {
		return strategy.equals(UNSETTLED) ? unsettled.getBean(RetryCounters.class) : own;
	}

	/**
	 * The orders' application on the cluster, as an application has it: the starter's routing with
	 * the cluster's replica, every setting the starter's default but the given ones.
	 */
	static ConfigurableApplicationContext start(Class<?> config, EmbeddedReplicatedPostgres cluster,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl(), "spring.main.banner-mode=off",
				"logging.level.root=warn"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(config).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(all.toArray(String[]::new))
			.run();
	}

	private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
		return results.stream().mapToDouble(figure).sorted().skip(results.size() / 2).findFirst().orElse(0);
	}

	private static Result run(JdbcTemplate jdbc, Counters counters, RetryCounters retries, String strategy, int rows,
			int threads, int seconds) throws Exception {
		// each run starts from a vacuumed table: the dead row versions of the run before are not left
		// for this one's updates to prune
		jdbc.execute("vacuum counter");
		long sumBefore = sumOnPrimary(jdbc);
		long retriesBefore = retries.retries();
		AtomicLong committed = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		AtomicLong workerCpu = new AtomicLong();
		AtomicLong workerSwitches = new AtomicLong();
		AtomicBoolean running = new AtomicBoolean(true);
		long cpuStart = OS.getProcessCpuTime();
		long dbStart = ProcCpu.postgresNanos();
		long idleStart = ProcCpu.idleNanos();
		long wallStart = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<long[]>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(pool.submit(() -> {
				long[] latencies = new long[1024];
				int count = 0;
				long threadCpuStart = THREADS.getCurrentThreadCpuTime();
				long switchesStart = ProcCpu.threadSwitches();
				while (running.get()) {
					int id = (rows == 1) ? 0 : ThreadLocalRandom.current().nextInt(rows);
					long started = System.nanoTime();
					try {
						switch (strategy) {
							case "retry", UNSETTLED -> counters.incrementOptimistically(id);
							case "versioned" -> counters.incrementVersioned(id);
							case "for-update" -> counters.incrementPessimistically(id);
							default -> counters.incrementWithoutLocking(id);
						}
						committed.incrementAndGet();
					}
					catch (RuntimeException ex) {
						errors.incrementAndGet();
					}
					if (count == latencies.length) {
						latencies = java.util.Arrays.copyOf(latencies, count * 2);
					}
					latencies[count++] = System.nanoTime() - started;
				}
				workerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - threadCpuStart);
				workerSwitches.addAndGet(ProcCpu.threadSwitches() - switchesStart);
				return java.util.Arrays.copyOf(latencies, count);
			}));
		}
		TimeUnit.SECONDS.sleep(seconds);
		running.set(false);
		long cpuNanos = OS.getProcessCpuTime() - cpuStart;
		long dbNanos = ProcCpu.postgresNanos() - dbStart;
		long idleNanos = ProcCpu.idleNanos() - idleStart;
		long wallNanos = System.nanoTime() - wallStart;
		long[] all = new long[0];
		for (Future<long[]> worker : workers) {
			long[] latencies = worker.get(60, TimeUnit.SECONDS);
			long[] merged = java.util.Arrays.copyOf(all, all.length + latencies.length);
			System.arraycopy(latencies, 0, merged, all.length, latencies.length);
			all = merged;
		}
		pool.shutdown();
		java.util.Arrays.sort(all);
		long p50 = (all.length > 0) ? all[all.length / 2] : 0;
		long p99 = (all.length > 0) ? all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] : 0;
		long increase = sumOnPrimary(jdbc) - sumBefore;
		return new Result(committed.get(), retries.retries() - retriesBefore, committed.get() - increase, errors.get(),
				p50, p99, cpuNanos, workerCpu.get(), workerSwitches.get(), dbNanos, idleNanos / (double) (wallNanos * OS.getAvailableProcessors()));
	}

	/** The counters' sum as the primary has it (a plain read would be routed to the replica). */
	private static long sumOnPrimary(JdbcTemplate jdbc) {
		try (RoutingContextHolder.Scope primary = RoutingContextHolder.forceMaster()) {
			return jdbc.queryForObject("select sum(value) from counter", Long.class);
		}
	}

	private record Result(long committed, long retries, long lost, long errors, long p50Nanos, long p99Nanos,
			long cpuNanos, long workerCpuNanos, long workerSwitches, long dbNanos, double idleShare) {

		/** The JVM's CPU (all its threads, the pool's and the JIT's included) per committed order. */
		double cpuMicrosPerCommit() {
			return (this.committed > 0) ? this.cpuNanos / 1e3 / this.committed : 0;
		}

		/**
		 * The CPU of the threads that placed the orders, per committed order: the JVM's CPU less the
		 * collector's, the JIT's and the pools' own threads.
		 */
		double workerMicrosPerCommit() {
			return (this.committed > 0) ? this.workerCpuNanos / 1e3 / this.committed : 0;
		}

		/** The order threads' context switches per committed order (they blocked or were preempted). */
		double switchesPerCommit() {
			return (this.committed > 0) ? this.workerSwitches / (double) this.committed : 0;
		}

		/** The database servers' CPU (primary and replica, every process) per committed order. */
		double dbMicrosPerCommit() {
			return (this.committed > 0) ? this.dbNanos / 1e3 / this.committed : 0;
		}

		double retriesPerSuccess() {
			return (this.committed > 0) ? this.retries / (double) this.committed : 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class, AopAutoConfiguration.class,
			RoutingAutoConfiguration.class, RetryAutoConfiguration.class })
	static class Config {

		@Bean
		Counters counters(JdbcTemplate jdbc) {
			return new Counters(jdbc);
		}

	}

	/** The four ways to increment a counter. */
	static class Counters {

		private final JdbcTemplate jdbc;

		Counters(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@RetryOptimistic
		@Transactional
		public void incrementOptimistically(int id) {
			readAndUpdateVersioned(id);
		}

		@Transactional
		public void incrementVersioned(int id) {
			readAndUpdateVersioned(id);
		}

		/** The optimistic order itself, shared by the two strategies that differ only in their advice. */
		private void readAndUpdateVersioned(int id) {
			long[] row = this.jdbc.queryForObject("select value, version from counter where id = ?",
					(rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, id);
			VersionedUpdate.of(this.jdbc, "counter").set("value", row[0] + 1).where("id", id).ifVersion(row[1]).execute();
		}

		@Transactional
		public void incrementPessimistically(int id) {
			long value = this.jdbc.queryForObject("select value from counter where id = ? for update", Long.class, id);
			this.jdbc.update("update counter set value = ? where id = ?", value + 1, id);
		}

		@Transactional
		public void incrementWithoutLocking(int id) {
			long value = this.jdbc.queryForObject("select value from counter where id = ?", Long.class, id);
			this.jdbc.update("update counter set value = ? where id = ?", value + 1, id);
		}

	}

}
