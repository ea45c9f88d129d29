package dev.tether.binlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.binlog.app.BinlogTestApplication.Counters;
import dev.tether.routing.RoutingContextHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code SELECT ... FOR UPDATE} through Tether takes real row locks on the MySQL 8 or MariaDB
 * primary. Run once per database by its subclass, a {@code @SpringBootTest} of
 * {@link dev.tether.binlog.app.BinlogTestApplication} on its cluster.
 */
public abstract class AbstractLockingTests {

	@Autowired
	Counters counters;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void counterAtZero() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS binlog_counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB");
		this.jdbc.update("DELETE FROM binlog_counter WHERE TRUE");
		this.jdbc.update("INSERT INTO binlog_counter (id, n) VALUES (1, 0), (2, 0)");
	}

	@Test
	void withoutALockTwoReadModifyWritesLoseAnUpdate() throws Exception {
		// The control experiment: both read 0 before either writes, so one increment is lost.
		CyclicBarrier bothRead = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				futures.add(pool.submit(() -> {
					this.counters.incrementUnlocked(1, bothRead);
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(counter(1)).isEqualTo(1);
	}

	@Test
	void aSecondForUpdateWaitsUntilTheFirstTransactionCommits() throws Exception {
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
			try {
				this.counters.holdLock(1, locked::countDown, release);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Void> second = CompletableFuture.runAsync(() -> this.counters.incrementLocked(1));
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
			release.countDown();
			second.get(30, TimeUnit.SECONDS);
		}
		finally {
			release.countDown();
			holder.get(30, TimeUnit.SECONDS);
		}
		assertThat(counter(1)).isEqualTo(1);
	}

	@Test
	void concurrentForUpdateIncrementsSerializeAndLoseNothing() throws Exception {
		int threads = 4;
		int increments = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					for (int i = 0; i < increments; i++) {
						this.counters.incrementLocked(2);
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(counter(2)).isEqualTo(threads * increments);
	}

	private long counter(long id) {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			return this.jdbc.queryForObject("SELECT n FROM binlog_counter WHERE id = ?", Long.class, id);
		}
	}

}
