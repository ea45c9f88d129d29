package dev.tether.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.batch.BulkResult;
import dev.tether.batch.BulkSettings;
import dev.tether.batch.BulkUpdateException;
import dev.tether.batch.BulkUpdateListener;
import dev.tether.batch.BulkUpdater;
import dev.tether.binlog.BinlogFixture;
import dev.tether.binlog.BinlogTestRouter;
import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bulk updates on the real MariaDB primary through Tether: the chunk's lock timeout is the session's
 * {@code innodb_lock_wait_timeout}, put back after every chunk, and key lists are bound as bounded
 * {@code IN} lists (MariaDB has no array parameters).
 */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbBulkUpdateTests {

	private static final int ROWS = 4000;

	private static EmbeddedReplicatedMariaDb cluster;

	private static BinlogTestRouter router;

	private static JdbcTemplate jdbc;

	private static BulkUpdater bulk;

	@BeforeAll
	static void connect(EmbeddedReplicatedMariaDb mariadb) {
		cluster = mariadb;
		router = new BinlogTestRouter(BinlogFixture.of(mariadb), Duration.ofSeconds(30), ReadPolicy.defaults());
		jdbc = router.jdbc;
		// tether.batch.* defaults, but a 1 s lock timeout so the lock test needs not wait 2 s
		bulk = new BulkUpdater(router.dataSource, router.dataSource.getMonitor(), new BulkUpdateListener() {
		}, new BulkSettings(1000, 5000, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2),
				Duration.ofMinutes(1)));
	}

	@AfterAll
	static void close() {
		router.close();
	}

	@BeforeEach
	void freshTable() {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			jdbc.execute("DROP TABLE IF EXISTS mdb_bulk_item");
			jdbc.execute("CREATE TABLE mdb_bulk_item (id BIGINT PRIMARY KEY, category VARCHAR(8) NOT NULL,"
					+ " touched INT NOT NULL DEFAULT 0) ENGINE=InnoDB");
			StringBuilder insert = new StringBuilder("INSERT INTO mdb_bulk_item (id, category) VALUES ");
			for (int i = 1; i <= ROWS; i++) {
				insert.append((i > 1) ? ", " : "").append('(').append(i).append((i % 2 == 0) ? ", 'even')" : ", 'odd')");
			}
			jdbc.update(insert.toString());
		}
	}

	@Test
	void everyMatchingRowChangesExactlyOnceAndChunksCommitAsTheyGo() {
		AtomicInteger visibleMidRun = new AtomicInteger(-1);
		BulkResult result = bulk.update("mdb_bulk_item").set("touched = touched + 1").where("category = ?", "even")
			.chunkSize(250)
			.onProgress((progress) -> {
				if (progress.chunks() == 3) {
					visibleMidRun.set(onPrimary("SELECT COUNT(*) FROM mdb_bulk_item WHERE touched = 1"));
				}
			})
			.execute();
		assertThat(result.rows()).isEqualTo(ROWS / 2);
		assertThat(result.chunks()).isEqualTo(ROWS / 2 / 250);
		assertThat(visibleMidRun.get()).as("rows another connection sees after 3 chunks").isEqualTo(750);
		assertThat(onPrimary("SELECT COUNT(*) FROM mdb_bulk_item WHERE category = 'even' AND touched = 1"))
			.isEqualTo(ROWS / 2);
		assertThat(onPrimary("SELECT COUNT(*) FROM mdb_bulk_item WHERE category = 'odd' AND touched <> 0")).isZero();
	}

	@Test
	void aListOfKeysLargerThanOneInListIsChangedInBoundedStatementsOfOneChunk() {
		// 4,000 keys in one chunk: four IN lists of 1,000 in the chunk's one transaction
		List<Long> keys = LongStream.rangeClosed(1, ROWS).boxed().toList();
		BulkResult result = bulk.update("mdb_bulk_item").set("touched = touched + 1").keys(keys).chunkSize(ROWS)
			.execute();
		assertThat(result.rows()).isEqualTo(ROWS);
		assertThat(result.chunks()).isEqualTo(1);
		assertThat(onPrimary("SELECT COUNT(*) FROM mdb_bulk_item WHERE touched = 1")).isEqualTo(ROWS);
	}

	@Test
	void aChunkWaitsForALockedRowOnlyAsLongAsTheLockTimeoutThenStopsWithACheckpoint() throws Exception {
		ExecutorService holder = Executors.newSingleThreadExecutor();
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try {
			Future<?> lock = holder.submit(() -> holdRowLock(1500, locked, release));
			assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
			long start = System.nanoTime();
			BulkUpdateException failure = catchThrowableOfType(BulkUpdateException.class,
					() -> bulk.update("mdb_bulk_item").set("touched = touched + 1").chunkSize(1000).execute());
			long waited = System.nanoTime() - start;
			release.countDown();
			lock.get(10, TimeUnit.SECONDS);
			assertThat(failure).isNotNull();
			assertThat(ConflictClassifier.classify(failure)).isEqualTo(ConflictKind.LOCK_TIMEOUT);
			assertThat(failure.getCheckpoint()).as("the first chunk (1..1000) committed").isEqualTo(1000L);
			assertThat(failure.getRowsDone()).isEqualTo(1000);
			// the server's own innodb_lock_wait_timeout is 50 s
			assertThat(Duration.ofNanos(waited)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			release.countDown();
			holder.shutdownNow();
		}
		BulkResult rest = bulk.update("mdb_bulk_item").set("touched = touched + 1").resumeAfter(1000L).execute();
		assertThat(rest.rows()).isEqualTo(ROWS - 1000);
		assertThat(onPrimary("SELECT COUNT(*) FROM mdb_bulk_item WHERE touched = 1")).isEqualTo(ROWS);
	}

	@Test
	void theSessionLockTimeoutIsPutBackAfterEveryChunkCommittedOrFailed() throws Exception {
		// one pooled connection: every chunk and every check below share it
		try (HikariDataSource single = new HikariDataSource()) {
			single.setJdbcUrl(cluster.primary().jdbcUrl());
			single.setUsername(cluster.username());
			single.setPassword(cluster.password());
			single.setMaximumPoolSize(1);
			JdbcTemplate onSingle = new JdbcTemplate(single);
			String sessionTimeout = "SELECT @@SESSION.innodb_lock_wait_timeout";
			long before = onSingle.queryForObject(sessionTimeout, Long.class);
			assertThat(before).as("the session default differs from the chunks' 1 s").isNotEqualTo(1);
			BulkUpdater onePool = new BulkUpdater(single, null, null, new BulkSettings(1000, 5000, null,
					Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(1)));
			List<Long> betweenChunks = new ArrayList<>();
			onePool.update("mdb_bulk_item").set("touched = touched + 1").chunkSize(1000)
				.onProgress((progress) -> betweenChunks.add(onSingle.queryForObject(sessionTimeout, Long.class)))
				.execute();
			assertThat(betweenChunks).hasSize(ROWS / 1000).containsOnly(before);

			ExecutorService holder = Executors.newSingleThreadExecutor();
			CountDownLatch locked = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			try {
				Future<?> lock = holder.submit(() -> holdRowLock(10, locked, release));
				assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(catchThrowableOfType(BulkUpdateException.class,
						() -> onePool.update("mdb_bulk_item").set("touched = touched + 1").execute()))
					.isNotNull();
				release.countDown();
				lock.get(10, TimeUnit.SECONDS);
			}
			finally {
				release.countDown();
				holder.shutdownNow();
			}
			assertThat(onSingle.queryForObject(sessionTimeout, Long.class)).as("after a failed chunk").isEqualTo(before);
		}
	}

	/** Locks one row in a transaction of its own until released. */
	private static Void holdRowLock(long id, CountDownLatch locked, CountDownLatch release) throws SQLException,
			InterruptedException {
		try (Connection connection = cluster.primary().openAdminConnection()) {
			connection.setAutoCommit(false);
			try (var statement = connection.prepareStatement("SELECT id FROM mdb_bulk_item WHERE id = ? FOR UPDATE")) {
				statement.setLong(1, id);
				statement.executeQuery().close();
			}
			locked.countDown();
			release.await(30, TimeUnit.SECONDS);
			connection.rollback();
		}
		return null;
	}

	private static int onPrimary(String sql) {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			return jdbc.queryForObject(sql, Integer.class);
		}
	}

}
