package dev.tether.binlog;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.binlog.app.BinlogTestApplication.Conflicts;
import dev.tether.binlog.app.BinlogTestApplication.Counters;
import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.retry.RetryCounters;
import dev.tether.retry.RetryOutcome;
import dev.tether.routing.HeldRows;
import dev.tether.routing.RoutingContextHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @RetryOptimistic} on real MySQL 8 and MariaDB conflicts: a deadlock (1213) is retried, a
 * lock-wait timeout (1205) is not. Run once per database by its subclass, a {@code @SpringBootTest} of
 * {@link dev.tether.binlog.app.BinlogTestApplication} on its cluster (MySQL through MySQL Connector/J).
 */
public abstract class AbstractRetryTests {

	@Autowired
	Conflicts conflicts;

	@Autowired
	Counters counters;

	@Autowired
	RetryCounters retryCounters;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void twoRows() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS binlog_counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB");
		this.jdbc.update("DELETE FROM binlog_counter WHERE TRUE");
		this.jdbc.update("INSERT INTO binlog_counter (id, n) VALUES (1, 0), (2, 0)");
		this.conflicts.attempts().set(0);
	}

	@Test
	void aRealDeadlockIsRetriedAndBothTransactionsSucceed() throws Exception {
		long deadlocks = this.retryCounters.retries(ConflictKind.DEADLOCK);
		CyclicBarrier barrier = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<?> one = pool.submit(() -> {
				this.conflicts.lockBoth(1, 2, barrier, new AtomicInteger());
				return null;
			});
			Future<?> two = pool.submit(() -> {
				this.conflicts.lockBoth(2, 1, barrier, new AtomicInteger());
				return null;
			});
			one.get(60, TimeUnit.SECONDS);
			two.get(60, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.conflicts.attempts().get()).as("two calls, the deadlock victim retried once").isEqualTo(3);
		assertThat(this.retryCounters.retries(ConflictKind.DEADLOCK)).isEqualTo(deadlocks + 1);
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			assertThat(this.jdbc.queryForObject("SELECT SUM(n) FROM binlog_counter", Long.class))
				.as("every increment of both calls applied once").isEqualTo(4);
		}
	}

	/**
	 * As {@code RetryLockFirstTests} on PostgreSQL: a retry that lost its row to another process
	 * (an administrator's connection, outside the application, committing a version bump between
	 * the attempt's read and write) while holding the row's turn locks the row first in its next
	 * attempt, and wins. Whether the attempt holds the row is asked from that connection
	 * ({@link HeldRows}).
	 */
	@Test
	void aRetryThatLostItsRowElsewhereWhileHoldingTheTurnLocksTheRowFirstAndWins() throws Exception {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS binlog_versioned (id BIGINT PRIMARY KEY, label VARCHAR(32) NOT NULL,"
				+ " version BIGINT NOT NULL) ENGINE=InnoDB");
		this.jdbc.update("DELETE FROM binlog_versioned WHERE TRUE");
		this.jdbc.update("INSERT INTO binlog_versioned (id, label, version) VALUES (1, 'before', 0)");
		String table = fixture().database() + ".binlog_versioned";
		java.util.List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
		long locksFirst = this.retryCounters.rowLocksFirst();
		try (java.sql.Connection other = fixture().openPrimaryAdminConnection()) {
			this.conflicts.relabelAfter(1, () -> {
				try {
					attempts.add(HeldRows.heldElsewhere(other, table, 1) ? "locked" : "free");
					if (attempts.size() <= 2) {
						try (java.sql.Statement update = other.createStatement()) {
							update.executeUpdate("UPDATE " + table + " SET version = version + 1, label = 'other' WHERE id = 1");
						}
					}
				}
				catch (java.sql.SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
		}
		assertThat(attempts).as("whether each attempt held the row before writing it")
			.containsExactly("free", "free", "locked");
		assertThat(this.retryCounters.rowLocksFirst()).isEqualTo(locksFirst + 1);
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			assertThat(this.jdbc.queryForObject("SELECT version FROM binlog_versioned WHERE id = 1", Long.class))
				.as("two updates of the other process and ours, none lost").isEqualTo(3);
			assertThat(this.jdbc.queryForObject("SELECT label FROM binlog_versioned WHERE id = 1", String.class))
				.isEqualTo("relabelled");
		}
	}

	/** The database this test's context runs on. */
	protected abstract BinlogFixture fixture();

	@Test
	void aRealLockWaitTimeoutIsNotRetried() throws Exception {
		long notRetryable = this.retryCounters.calls(RetryOutcome.NOT_RETRYABLE);
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<?> holder = pool.submit(() -> {
				this.counters.holdLock(1, locked::countDown, release);
				return null;
			});
			assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
			try {
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> this.conflicts.updateWithOneSecondLockWait(1))
					.satisfies((ex) -> assertThat(ConflictClassifier.classify(ex)).isEqualTo(ConflictKind.LOCK_TIMEOUT))
					.satisfies((ex) -> assertThat(((java.sql.SQLException) ex.getMostSpecificCause()).getErrorCode())
						.isEqualTo(1205));
			}
			finally {
				release.countDown();
			}
			holder.get(30, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
		// one attempt: not retried (a timing bound said the same and failed on a loaded machine)
		assertThat(this.conflicts.attempts().get()).isEqualTo(1);
		assertThat(this.retryCounters.calls(RetryOutcome.NOT_RETRYABLE)).isEqualTo(notRetryable + 1);
	}

}
