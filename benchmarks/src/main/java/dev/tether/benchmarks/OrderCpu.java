package dev.tether.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import dev.tether.annotation.RetryOptimistic;
import dev.tether.retry.VersionedUpdate;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What one order of {@link ContentionHarness} costs, without contention: one thread places orders
 * on random rows of 1,000, each strategy in turn (rounds alternate, the order rotating), and the
 * figures are the medians of the rounds: the calling thread's CPU and allocation per order (the
 * JVM's work on the order's own path, without the JIT's and the collector's threads), the
 * database servers' CPU per order and the wall time per order. On a machine where the 1,000-row
 * cell keeps both cores busy, its throughput ratio follows these costs, and here they can be told
 * apart: which part of an order's cost is Tether's, which the driver's, which the server's.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tether.benchmarks.OrderCpu [rounds] [orders]}
 * (with {@code -Dstrategies=retry,for-update} for a subset; {@code retry-unsettled}, on request only,
 * is {@code retry} in a second application with {@code tether.retry.writes-return-transaction-id=false},
 * <b>not a default</b>, as in {@link ContentionHarness}).
 */
public final class OrderCpu {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private OrderCpu() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 9;
		int orders = (args.length > 1) ? Integer.parseInt(args[1]) : 5000;
		String[] strategies = System.getProperty("strategies", "retry,versioned,for-update,none").split(",");
		try (EmbeddedReplicatedPostgres cluster = EmbeddedReplicatedPostgres.start(1);
				ConfigurableApplicationContext context = ContentionHarness.start(Config.class, cluster);
				ConfigurableApplicationContext unsettled = List.of(strategies).contains("retry-unsettled")
						? ContentionHarness.start(Config.class, cluster, "tether.retry.writes-return-transaction-id=false")
						: null) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("create table counter (id int primary key, value bigint not null, version bigint not null)");
			jdbc.execute("insert into counter select i, 0, 0 from generate_series(0, 999) i");
			ContentionHarness.Counters counters = context.getBean(ContentionHarness.Counters.class);
			Conflicts conflicts = context.getBean(Conflicts.class);
			for (String strategy : strategies) {
				run(ContentionHarness.counters(strategy, counters, unsettled), conflicts, strategy, orders * 2);
			}
			List<List<double[]>> results = new ArrayList<>();
			for (int i = 0; i < strategies.length; i++) {
				results.add(new ArrayList<>());
			}
			for (int round = 0; round < rounds; round++) {
				for (int k = 0; k < strategies.length; k++) {
					int i = (k + round) % strategies.length;
					jdbc.execute("vacuum counter");
					results.get(i).add(run(ContentionHarness.counters(strategies[i], counters, unsettled), conflicts,
							strategies[i], orders));
				}
			}
			System.out.printf("%-15s %16s %14s %15s %13s%n", "strategy", "thread CPU us/tx", "bytes/tx", "DB CPU us/tx",
					"wall us/tx");
			for (int i = 0; i < strategies.length; i++) {
				System.out.printf(Locale.ROOT, "%-15s %16.1f %14.0f %15.1f %13.1f%n", strategies[i],
						median(results.get(i), 0), median(results.get(i), 1), median(results.get(i), 2),
						median(results.get(i), 3));
			}
		}
	}

	private static double median(List<double[]> rounds, int figure) {
		return rounds.stream().mapToDouble((r) -> r[figure]).sorted().skip(rounds.size() / 2).findFirst().orElse(0);
	}

	/** One round: thread CPU, bytes, DB CPU and wall time per order, in µs and bytes. */
	private static double[] run(ContentionHarness.Counters counters, Conflicts conflicts, String strategy, int orders) {
		long cpu = THREADS.getCurrentThreadCpuTime();
		long bytes = THREADS.getCurrentThreadAllocatedBytes();
		long db = ProcCpu.postgresNanos();
		long wall = System.nanoTime();
		for (int n = 0; n < orders; n++) {
			int id = ThreadLocalRandom.current().nextInt(1000);
			switch (strategy) {
				case "retry", "retry-unsettled" -> counters.incrementOptimistically(id);
				case "versioned" -> counters.incrementVersioned(id);
				case "for-update" -> counters.incrementPessimistically(id);
				case "conflict" -> conflicts.conflictOnceThenIncrement(id);
				default -> counters.incrementWithoutLocking(id);
			}
		}
		return new double[] { (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / orders,
				(THREADS.getCurrentThreadAllocatedBytes() - bytes) / (double) orders,
				(ProcCpu.postgresNanos() - db) / 1e3 / orders, (System.nanoTime() - wall) / 1e3 / orders };
	}

	@Configuration(proxyBeanMethods = false)
	@Import(ContentionHarness.Config.class)
	static class Config {

		@Bean
		Conflicts conflicts(JdbcTemplate jdbc) {
			return new Conflicts(jdbc);
		}

	}

	/**
	 * {@code conflict}: a {@code retry} order whose first attempt updates with a stale version, so
	 * that every order pays one conflict and one retry (one thread: attempts alternate).
	 */
	static class Conflicts {

		private final JdbcTemplate jdbc;

		private boolean stale;

		Conflicts(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@RetryOptimistic
		@Transactional
		public void conflictOnceThenIncrement(int id) {
			long[] row = this.jdbc.queryForObject("select value, version from counter where id = ?",
					(rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, id);
			this.stale = !this.stale;
			VersionedUpdate.of(this.jdbc, "counter")
				.set("value", row[0] + 1)
				.where("id", id)
				.ifVersion(this.stale ? row[1] - 1 : row[1])
				.execute();
		}

	}

}
