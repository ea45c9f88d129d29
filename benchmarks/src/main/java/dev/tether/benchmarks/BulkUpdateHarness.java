package dev.tether.benchmarks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.batch.BatchAutoConfiguration;
import dev.tether.batch.BulkResult;
import dev.tether.batch.BulkUpdater;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 4's comparison: one change of 200,000 rows ({@code price = round(price * 1.10, 2)} where
 * {@code category = 'tools'}) made three ways, side by side in one run, while a fixed-schedule loop
 * of single-row updates on the same rows ({@link LatencyLoop}) measures what the change costs
 * everyone else:
 * <ul>
 * <li>{@code single-statement}: one {@code UPDATE ... WHERE category = ?} in one transaction on a
 * plain HikariCP pool;</li>
 * <li>{@code jpa-saveAll}: Spring Data JPA in one transaction: {@code findByCategory}, change every
 * entity, {@code saveAll}; Hibernate batching as Tether configures it ({@code hibernate.jdbc.batch_size}
 * 50, {@code order_updates});</li>
 * <li>{@code tether-bulk}: {@link BulkUpdater} with the default {@code tether.batch.*} settings (chunks
 * adapting towards 100 ms from 1,000 rows, at most 10,000; pause over 2 s of replica lag) through the
 * {@link TetherDataSource} of a Boot context with the replica configured, so the lag throttle is live.</li>
 * </ul>
 * The JPA and bulk variants run in one Spring Boot context with Tether's routing and batch
 * auto-configuration, as an application would. Before every variant the table is refilled with the
 * same data, vacuumed and analysed, a checkpoint is taken and the replica catches up; the variants
 * alternate in rotating order across rounds, and the report gives the median of every figure.
 * <p>
 * Why a main method and not JMH, the house tool: one measurement is a change of several seconds,
 * on a table that must be rebuilt before it, with a latency loop running beside it, and the figure
 * of interest is the loop's latency distribution, not the throughput of a repeated operation. JMH
 * would add nothing but a fork and iteration structure to fight with (as for {@link ContentionHarness}).
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tether.benchmarks.BulkUpdateHarness [rounds] [loop threads] [rows]}
 * (defaults 3, 2, 200000).
 */
public final class BulkUpdateHarness {

	private static final String TABLE = "bench_product";

	private static final String CHANGED = "tools";

	/** Rows outside the change: the warm-up changes these, and the condition has something to exclude. */
	private static final int OTHER_ROWS = 50_000;

	private static final String PRICE_CHANGE = "price = round(price * 1.10, 2)";

	private static final BigDecimal FACTOR = new BigDecimal("1.10");

	private static final String ORIGINAL_PRICE = "(10 + (id % 1000) / 100.0)::numeric(12, 2)";

	private static final long LOOP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	private BulkUpdateHarness() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 2;
		int rows = (args.length > 2) ? Integer.parseInt(args[2]) : 200_000;
		try (EmbeddedReplicatedPostgres cluster = EmbeddedReplicatedPostgres.start(1);
				HikariDataSource plain = pool(cluster, "bench-plain", 2);
				HikariDataSource loopPool = pool(cluster, "bench-loop", threads);
				ConfigurableApplicationContext context = application(cluster);
				// closed explicitly: the context's close reaches only the primary pool behind the router,
				// and the replica pool and probe would otherwise outlive the cluster
				TetherDataSource router = TetherDataSource.find(context.getBean(DataSource.class))) {
			Table table = new Table(cluster, plain, router, rows);
			Map<String, Function<String, String>> variants = new LinkedHashMap<>();
			variants.put("single-statement", (category) -> singleStatement(plain, category));
			variants.put("jpa-saveAll", (category) -> saveAll(context, category));
			variants.put("tether-bulk", (category) -> bulk(context.getBean(BulkUpdater.class), category));
			LatencyLoop loop = new LatencyLoop(loopPool, "update " + TABLE + " set stock = stock - 1 where id = ?", threads,
					LOOP_INTERVAL_NANOS, rows);
			System.out.printf("%,d rows changed of %,d; loop: %d threads, one update every %d ms each; Hibernate %s%n",
					rows, rows + OTHER_ROWS, threads, TimeUnit.NANOSECONDS.toMillis(LOOP_INTERVAL_NANOS),
					hibernateBatching(context));

			table.reset();
			report("idle", 0, loop.during(() -> sleep(3000), () -> {
			}), "-", "loop alone, no change");
			// warm the JIT up on every path, on the rows outside the measured range
			for (Map.Entry<String, Function<String, String>> variant : variants.entrySet()) {
				table.reset();
				loop.during(() -> variant.getValue().apply("garden"), () -> {
				});
			}

			List<String> names = new ArrayList<>(variants.keySet());
			Map<String, List<Result>> results = new LinkedHashMap<>();
			names.forEach((name) -> results.put(name, new ArrayList<>()));
			for (int round = 0; round < rounds; round++) {
				// rotating order: every variant runs first, second and third once in three rounds
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((round + i) % names.size());
					table.reset();
					String[] note = new String[1];
					long[] catchUp = new long[1];
					LatencyLoop.Measurement measured = loop.during(() -> note[0] = variants.get(name).apply(CHANGED),
							() -> catchUp[0] = table.replicaCatchUpMillis());
					table.verifyChanged();
					results.get(name).add(new Result(measured, catchUp[0]));
					report(name, round + 1, measured, catchUp[0] + " ms", note[0]);
				}
			}
			summarize(rounds, results);
		}
	}

	private static String singleStatement(DataSource plain, String category) {
		try (Connection connection = plain.getConnection()) {
			connection.setAutoCommit(false);
			int changed;
			try (PreparedStatement update = connection
				.prepareStatement("update " + TABLE + " set " + PRICE_CHANGE + " where category = ?")) {
				update.setString(1, category);
				changed = update.executeUpdate();
			}
			connection.commit();
			return String.format("%,d rows", changed);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String saveAll(ConfigurableApplicationContext context, String category) {
		BenchProducts products = context.getBean(BenchProducts.class);
		TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		long start = System.nanoTime();
		long[] loaded = new long[1];
		int changed = transaction.execute((status) -> {
			List<BenchProduct> all = products.findByCategory(category);
			loaded[0] = System.nanoTime();
			all.forEach((product) -> product.reprice(FACTOR));
			products.saveAll(all);
			return all.size();
		});
		// the rows are locked only from the flush at commit: the load holds no lock
		return String.format("%,d rows; load %d ms, then flush and commit %d ms", changed,
				(loaded[0] - start) / 1_000_000, (System.nanoTime() - loaded[0]) / 1_000_000);
	}

	private static String bulk(BulkUpdater bulk, String category) {
		AtomicInteger chunkSize = new AtomicInteger();
		BulkResult result = bulk.update(TABLE)
			.set(PRICE_CHANGE)
			.where("category = ?", category)
			.onProgress((progress) -> chunkSize.set(progress.chunkSize()))
			.execute();
		return String.format("%,d rows in %,d chunks (chunk size reached %,d), %d throttle pauses", result.rows(),
				result.chunks(), chunkSize.get(), result.pauses());
	}

	private static void report(String name, int round, LatencyLoop.Measurement measured, String catchUp, String note) {
		System.out.printf(Locale.ROOT, "%-16s round %d: change %,7d ms | loop p50 %8.2f  p99 %9.2f  max %9.2f ms (%,d updates, %d errors)"
				+ " | replica caught up %s later | %s%n", name, round, measured.changeNanos() / 1_000_000,
				measured.percentileMillis(50), measured.percentileMillis(99), measured.maxMillis(),
				measured.latencies().length, measured.errors(), catchUp, note);
	}

	private static void summarize(int rounds, Map<String, List<Result>> results) {
		System.out.printf("%nMedians of %d rounds:%n", rounds);
		System.out.printf("%-16s %12s %12s %12s %12s %20s%n", "variant", "change ms", "loop p50 ms", "loop p99 ms",
				"loop max ms", "replica catch-up ms");
		Map<String, double[]> medians = new LinkedHashMap<>();
		results.forEach((name, list) -> {
			double[] m = { median(list, (r) -> r.measured.changeNanos() / 1e6),
					median(list, (r) -> r.measured.percentileMillis(50)), median(list, (r) -> r.measured.percentileMillis(99)),
					median(list, (r) -> r.measured.maxMillis()), median(list, (r) -> r.catchUpMillis) };
			medians.put(name, m);
			System.out.printf(Locale.ROOT, "%-16s %12.0f %12.2f %12.2f %12.2f %20.0f%n", name, m[0], m[1], m[2], m[3], m[4]);
		});
		double[] single = medians.get("single-statement");
		double[] bulk = medians.get("tether-bulk");
		System.out.printf(Locale.ROOT, "%ntether-bulk vs single-statement: change time %.2fx (target <= 1.5x: %s),"
				+ " loop p99 %.1f%% (target <= 5%%: %s)%n", bulk[0] / single[0], (bulk[0] <= 1.5 * single[0]) ? "met" : "MISSED",
				100 * bulk[2] / single[2], (bulk[2] <= 0.05 * single[2]) ? "met" : "MISSED");
	}

	private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
		double[] values = results.stream().mapToDouble(figure).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static String hibernateBatching(ConfigurableApplicationContext context) {
		Map<String, Object> properties = context.getBean(EntityManagerFactory.class).getProperties();
		return "hibernate.jdbc.batch_size=" + properties.get("hibernate.jdbc.batch_size") + ", hibernate.order_updates="
				+ properties.get("hibernate.order_updates");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static HikariDataSource pool(EmbeddedReplicatedPostgres cluster, String name, int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(cluster.primary().jdbcUrl());
		config.setUsername(cluster.username());
		config.setPassword(cluster.password());
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		return new HikariDataSource(config);
	}

	private static ConfigurableApplicationContext application(EmbeddedReplicatedPostgres cluster) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.main.banner-mode=off", "spring.datasource.url=" + cluster.primary().jdbcUrl(),
					"spring.datasource.username=" + cluster.username(),
					"spring.datasource.password=" + cluster.password(),
					"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl(), "spring.jpa.hibernate.ddl-auto=none",
					"spring.jpa.open-in-view=false")
			.run();
	}

	private record Result(LatencyLoop.Measurement measured, long catchUpMillis) {

	}

	/** Tether's routing and batch auto-configuration over Boot's DataSource, Hibernate and Spring Data JPA. */
	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class,
			HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class, RoutingAutoConfiguration.class,
			BatchAutoConfiguration.class })
	static class Application {

	}

	/** The table every variant changes, refilled alike before each. */
	private static final class Table {

		private final EmbeddedReplicatedPostgres cluster;

		private final JdbcTemplate jdbc;

		private final TetherDataSource router;

		private final int rows;

		Table(EmbeddedReplicatedPostgres cluster, DataSource plain, TetherDataSource router, int rows) {
			this.cluster = cluster;
			this.jdbc = new JdbcTemplate(plain);
			this.router = router;
			this.rows = rows;
			// autovacuum off on this table: it would start at a different moment in each variant
			this.jdbc.execute("create table " + TABLE + " (id bigint primary key, category text not null,"
					+ " price numeric(12, 2) not null, stock int not null) with (autovacuum_enabled = false)");
		}

		void reset() {
			this.jdbc.execute("truncate " + TABLE);
			this.jdbc.update("insert into " + TABLE + " select id, case when id <= " + this.rows + " then '" + CHANGED
					+ "' else 'garden' end, " + ORIGINAL_PRICE + ", 1000000 from generate_series(1, "
					+ (this.rows + OTHER_ROWS) + ") id");
			this.jdbc.execute("vacuum analyze " + TABLE);
			try (Connection superuser = this.cluster.primary().openSuperuserConnection();
					Statement statement = superuser.createStatement()) {
				// every variant starts with no dirty buffers to write for someone else
				statement.execute("checkpoint");
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			this.cluster.awaitReplicasCaughtUp(Duration.ofMinutes(2));
			// so the bulk throttle does not act on a lag measured during the refill
			this.router.getMonitor().probeAll();
		}

		/** How long after now the replica has replayed everything the primary wrote until now. */
		long replicaCatchUpMillis() {
			long start = System.nanoTime();
			this.cluster.awaitReplicasCaughtUp(Duration.ofMinutes(5));
			return (System.nanoTime() - start) / 1_000_000;
		}

		void verifyChanged() {
			Integer changed = this.jdbc.queryForObject("select count(*) from " + TABLE + " where category = ? and price = round("
					+ ORIGINAL_PRICE + " * 1.10, 2)", Integer.class, CHANGED);
			Integer untouched = this.jdbc.queryForObject(
					"select count(*) from " + TABLE + " where category <> ? and price = " + ORIGINAL_PRICE, Integer.class,
					CHANGED);
			if (changed != this.rows || untouched != OTHER_ROWS) {
				throw new IllegalStateException("Expected " + this.rows + " rows changed once and " + OTHER_ROWS
						+ " untouched, found " + changed + " and " + untouched);
			}
		}

	}

}
