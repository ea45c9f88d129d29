package dev.tether.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Chunked bulk updates on the real primary, throttled by the real replica's lag. */
class BulkUpdateTests {

	private static final int ROWS = 20_000;

	private static EmbeddedReplicatedPostgres cluster;

	private static TetherDataSource router;

	private static JdbcTemplate jdbc;

	private static BulkUpdater bulk;

	private static final AtomicLong pausesSeen = new AtomicLong();

	@BeforeAll
	static void connect() {
		cluster = SharedReplicatedPostgres.get();
		router = TetherDataSource.builder(pool(cluster.primary().jdbcUrl()))
			.replica("replica-1", pool(cluster.replica(0).jdbcUrl()))
			.probeInterval(Duration.ofMillis(100))
			.build();
		jdbc = new JdbcTemplate(router);
		bulk = new BulkUpdater(router, router.getMonitor(), new BulkUpdateListener() {

			@Override
			public void onPause(String table) {
				pausesSeen.incrementAndGet();
			}

		}, new BulkSettings(500, 5000, null, Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMinutes(1)));
	}

	@AfterAll
	static void close() {
		router.close();
	}

	@BeforeEach
	void freshTable() {
		jdbc.execute("drop table if exists bulk_item");
		jdbc.execute("create table bulk_item (id bigint primary key, category text not null, touched int not null default 0)");
		jdbc.update("insert into bulk_item (id, category) select i, case when i % 2 = 0 then 'even' else 'odd' end"
				+ " from generate_series(1, " + ROWS + ") i");
	}

	@Test
	void everyMatchingRowChangesExactlyOnceAndChunksCommitAsTheyGo() {
		AtomicInteger visibleMidRun = new AtomicInteger(-1);
		BulkResult result = bulk.update("bulk_item").set("touched = touched + 1").where("category = ?", "even")
			.chunkSize(1000)
			.onProgress((progress) -> {
				if (progress.chunks() == 3) {
					visibleMidRun.set(committedElsewhere());
				}
			})
			.execute();
		assertThat(result.rows()).isEqualTo(ROWS / 2);
		assertThat(result.chunks()).isEqualTo(ROWS / 2 / 1000);
		assertThat(visibleMidRun.get()).as("rows another connection sees after 3 chunks").isEqualTo(3000);
		assertThat(onPrimary("select count(*) from bulk_item where category = 'even' and touched = 1")).isEqualTo(ROWS / 2);
		assertThat(onPrimary("select count(*) from bulk_item where touched <> 0 and category = 'odd'")).isZero();
	}

	@Test
	void chunksStayWithinTheStatementGuardsRowLimit() {
		TetherDataSource limited = TetherDataSource.builder(pool(cluster.primary().jdbcUrl()))
			.guards(new dev.tether.routing.StatementGuards(dev.tether.routing.GuardAction.FAIL, 700,
					dev.tether.routing.GuardAction.FAIL))
			.build();
		try {
			BulkUpdater limitedBulk = new BulkUpdater(limited, limited.getMonitor(), new BulkUpdateListener() {
			}, new BulkSettings(1000, 5000, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(2),
					Duration.ofMinutes(1)));
			List<Long> chunkRows = new java.util.concurrent.CopyOnWriteArrayList<>();
			long[] before = { 0 };
			BulkResult result = limitedBulk.update("bulk_item").set("touched = touched + 1").where("category = ?", "even")
				.onProgress((progress) -> {
					chunkRows.add(progress.rows() - before[0]);
					before[0] = progress.rows();
				})
				.execute();
			assertThat(result.rows()).isEqualTo(ROWS / 2);
			assertThat(chunkRows).as("rows per chunk (one transaction each)").allSatisfy((rows) -> assertThat(rows).isLessThanOrEqualTo(700L));
			assertThat(onPrimary("select count(*) from bulk_item where category = 'even' and touched = 1")).isEqualTo(ROWS / 2);
		}
		finally {
			limited.close();
		}
	}

	@Test
	void aConcurrentSingleRowUpdateIsNotHeldForTheWholeRun() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		List<Long> latencies = new java.util.concurrent.CopyOnWriteArrayList<>();
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			while (running.get()) {
				long start = System.nanoTime();
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
					jdbc.update("update bulk_item set category = category where id = ?", 1 + (latencies.size() * 97L) % ROWS);
				}
				latencies.add(System.nanoTime() - start);
			}
		});
		long started = System.nanoTime();
		bulk.update("bulk_item").set("touched = touched + 1, category = category").chunkSize(500).execute();
		long runNanos = System.nanoTime() - started;
		running.set(false);
		writer.get();
		// the first updates pay for warming up (connections, JIT), not for the bulk run's locks
		long worst = latencies.stream().skip(5).mapToLong(Long::longValue).max().orElse(0);
		System.out.printf("bulk run %d ms in %d chunks; concurrent single-row updates: %d, worst %d ms%n",
				runNanos / 1_000_000, ROWS / 500, latencies.size(), worst / 1_000_000);
		assertThat(latencies).hasSizeGreaterThan(10);
		assertThat(worst).as("worst concurrent update, well under the whole run").isLessThan(runNanos / 4);
	}

	@Test
	void aFailedRunResumesFromItsCheckpointWithoutRedoingOrSkippingRows() {
		BulkUpdateException failure = org.assertj.core.api.Assertions.catchThrowableOfType(BulkUpdateException.class,
				() -> bulk.update("bulk_item").set("touched = touched + 1").chunkSize(700).onProgress((progress) -> {
					if (progress.chunks() == 5) {
						throw new IllegalStateException("injected failure after chunk 5");
					}
				}).execute());
		assertThat(failure).isNotNull();
		assertThat(failure.getRowsDone()).isEqualTo(3500);
		assertThat(failure.getCheckpoint()).isEqualTo(3500L);
		BulkResult rest = bulk.update("bulk_item").set("touched = touched + 1").chunkSize(700)
			.resumeAfter(failure.getCheckpoint())
			.execute();
		assertThat(failure.getRowsDone() + rest.rows()).isEqualTo(ROWS);
		assertThat(onPrimary("select count(*) from bulk_item where touched = 1")).isEqualTo(ROWS);
	}

	@Test
	void aDryRunReportsItsChunksAndChangesNothing() {
		BulkResult result = bulk.update("bulk_item").set("touched = 99").where("id <= ?", 2500L).chunkSize(1000).dryRun()
			.execute();
		assertThat(result.rows()).isEqualTo(2500);
		assertThat(result.dryRunChunks()).extracting((chunk) -> chunk[0] + ".." + chunk[1] + ":" + chunk[2])
			.containsExactly("1..1000:1000", "1001..2000:1000", "2001..2500:500");
		assertThat(onPrimary("select count(*) from bulk_item where touched <> 0")).isZero();
	}

	@Test
	void aListOfKeysLongerThanTheBindParameterLimitIsChunked() {
		List<Long> keys = LongStream.rangeClosed(1, ROWS).boxed().toList();
		BulkResult result = bulk.update("bulk_item").set("touched = touched + 1").keys(keys).chunkSize(ROWS).execute();
		assertThat(result.rows()).isEqualTo(ROWS);
		assertThat(onPrimary("select count(*) from bulk_item where touched = 1")).isEqualTo(ROWS);
	}

	@Test
	void theRunPausesWhileTheReplicaLagsAndContinuesWhenItCatchesUp() throws Exception {
		long before = pausesSeen.get();
		cluster.replica(0).pauseReplay();
		CompletableFuture<BulkResult> run;
		try {
			// a write the paused replica cannot replay: its lag grows past the 300 ms threshold
			onPrimary("select count(*) from (select pg_logical_emit_message(true, 'bulk', 'x')) m");
			jdbc.update("update bulk_item set category = category where id = 1");
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
				Duration lag = router.getMonitor().health("replica-1").status().lag();
				return lag != null && lag.toMillis() > 300;
			});
			run = CompletableFuture.supplyAsync(
					() -> bulk.update("bulk_item").set("touched = touched + 1").chunkSize(200).execute());
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pausesSeen.get() > before);
			assertThat(run).isNotDone();
		}
		finally {
			cluster.replica(0).resumeReplay();
		}
		assertThat(run.get().rows()).isEqualTo(ROWS);
		assertThat(run.get().pauses()).isPositive();
	}

	@Test
	void identifiersThatAreNotPlainNamesAreRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> bulk.update("bulk_item; drop table x"));
	}

	private static int committedElsewhere() {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			return jdbc.queryForObject("select count(*) from bulk_item where touched = 1", Integer.class);
		}
	}

	private static int onPrimary(String sql) {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			return jdbc.queryForObject(sql, Integer.class);
		}
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(cluster.username());
		pool.setPassword(cluster.password());
		pool.setMaximumPoolSize(4);
		pool.setConnectionTimeout(1000);
		return pool;
	}

}
