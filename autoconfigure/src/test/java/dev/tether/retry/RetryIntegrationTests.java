package dev.tether.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tether.retry.app.RetryTestApplication.Attempt;
import dev.tether.retry.app.Stock;
import dev.tether.retry.app.RetryTestApplication.ClassLevelTransaction;
import dev.tether.retry.app.RetryTestApplication.Conflicts;
import dev.tether.retry.app.RetryTestApplication.FourAttemptPricing;
import dev.tether.retry.app.RetryTestApplication.TwoAttemptPricing;
import dev.tether.retry.app.RetryTestApplication.Inner;
import dev.tether.retry.app.RetryTestApplication.Nested;
import dev.tether.retry.app.RetryTestApplication.Orders;
import dev.tether.retry.app.RetryTestApplication.Ordering;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** @RetryOptimistic with its default settings, against the real primary and replica. */
@SpringBootTest(classes = dev.tether.retry.app.RetryTestApplication.class)
class RetryIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		register(registry);
	}

	static void register(DynamicPropertyRegistry registry) {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		registry.add("spring.datasource.url", () -> cluster.primary().jdbcUrl());
		registry.add("spring.datasource.username", cluster::username);
		registry.add("spring.datasource.password", cluster::password);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "34");
		registry.add("tether.replicas.replica-1.url", () -> cluster.replica(0).jdbcUrl());
		registry.add("tether.replicas.replica-1.pool.maximum-pool-size", () -> "4");
		registry.add("tether.replicas.replica-1.pool.minimum-idle", () -> "1");
	}

	@Autowired
	Orders orders;

	@Autowired
	Ordering ordering;

	@Autowired
	ClassLevelTransaction classLevel;

	@Autowired
	Nested nested;

	@Autowired
	Inner inner;

	@Autowired
	Conflicts conflicts;

	@Autowired
	TwoAttemptPricing twoAttempts;

	@Autowired
	FourAttemptPricing fourAttempts;

	@Autowired
	RetryCounters counters;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void resetCountersOfTheServices() {
		this.ordering.attempts().clear();
		this.classLevel.attempts().clear();
		this.nested.outerAttempts().set(0);
		this.inner.attempts().set(0);
		this.conflicts.attempts().set(0);
		this.conflicts.versionsSeen().clear();
	}

	@Test
	void retryWrapsForceMasterAndTheTransactionSoEachAttemptIsAFreshPrimaryTransaction() {
		this.ordering.allThree();
		List<Attempt> attempts = this.ordering.attempts();
		assertThat(attempts).hasSize(3);
		assertThat(attempts).allSatisfy((attempt) -> {
			assertThat(attempt.newTransaction()).isTrue();
			assertThat(attempt.forceMaster()).isTrue();
			assertThat(attempt.onReplica()).as("@ForceMaster sends the read-only transaction to the primary").isFalse();
		});
		assertThat(attempts).extracting(Attempt::transactionStatus).doesNotHaveDuplicates();
		assertThat(attempts).extracting(Attempt::transactionStart).doesNotHaveDuplicates();
	}

	@Test
	void methodLevelRetryWrapsAClassLevelTransaction() {
		this.classLevel.conflictTwice();
		assertThat(this.classLevel.attempts()).hasSize(3);
		assertThat(this.classLevel.attempts()).allMatch(Attempt::newTransaction);
		assertThat(this.classLevel.attempts()).extracting(Attempt::transactionStatus).doesNotHaveDuplicates();
	}

	@Test
	void nestedRetryInsideTheOuterBoundarysTransactionLetsTheOuterOneRetry() {
		this.nested.outer();
		assertThat(this.nested.outerAttempts().get()).as("outer attempts").isEqualTo(2);
		assertThat(this.inner.attempts().get()).as("inner attempts: one per outer attempt, no retry of its own")
			.isEqualTo(2);
	}

	@Test
	void twoBeansSharingOneInheritedMethodEachKeepTheirOwnSettings() {
		// the cache was keyed by Method alone: whichever bean was called first set both's attempts
		assertThatExceptionOfType(RetryExhaustedException.class).isThrownBy(this.twoAttempts::conflictAlways);
		assertThatExceptionOfType(RetryExhaustedException.class).isThrownBy(this.fourAttempts::conflictAlways);
		assertThat(this.twoAttempts.attempts()).isEqualTo(2);
		assertThat(this.fourAttempts.attempts()).isEqualTo(4);
	}

	@Test
	void retryInsideSomeoneElsesTransactionFailsFastNamingTheMethodAndTheFix() {
		assertThatExceptionOfType(RetryInsideTransactionException.class).isThrownBy(this.nested::plainTransactionCallingRetry)
			.withMessageContaining(Inner.class.getName() + ".conflictOnce")
			.withMessageContaining("put @RetryOptimistic on the method that starts the transaction")
			.withMessageContaining("tether.retry.inside-transaction=warn");
		assertThat(this.inner.attempts().get()).as("fails at call time, before running").isZero();
	}

	@Test
	void aRetriedAttemptSeesTheFreshRowNotAStaleEntity() {
		long id = 900;
		this.jdbc.update("delete from retry_stock where id = ?", id);
		this.transactions.executeWithoutResult((status) -> this.jdbc
			.update("insert into retry_stock (id, quantity, label, version) values (?, 1, 'before', 0)", id));
		this.conflicts.renameWithInterference(id, () -> CompletableFuture
			.runAsync(() -> this.jdbc.update("update retry_stock set version = version + 1, label = 'other' where id = ?", id))
			.join());
		assertThat(this.conflicts.versionsSeen()).containsExactly(0L, 1L);
		assertThat(onPrimary("select label from retry_stock where id = " + id)).isEqualTo("renamed");
	}

	@Test
	void exhaustedRetriesNameTheMethodAttemptsAndEntityWithTheConflictAsCause() {
		long id = 901;
		this.jdbc.update("delete from retry_stock where id = ?", id);
		this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (?, 1, 'x', 0)", id);
		long exhausted = this.counters.calls(RetryOutcome.EXHAUSTED);
		assertThatExceptionOfType(RetryExhaustedException.class).isThrownBy(() -> this.conflicts.alwaysConflicting(id))
			.withMessageContaining(Conflicts.class.getName() + ".alwaysConflicting")
			.withMessageContaining("after 3 attempts")
			.withMessageContaining("optimistic-lock conflict on " + Stock.class.getName())
			.withMessageContaining("id 901")
			.satisfies((ex) -> assertThat(ex.getAttempts()).isEqualTo(3))
			.havingCause()
			.isInstanceOf(org.springframework.orm.ObjectOptimisticLockingFailureException.class);
		assertThat(this.counters.calls(RetryOutcome.EXHAUSTED)).isEqualTo(exhausted + 1);
	}

	@Test
	void aRealDeadlockIsRetriedAndBothTransactionsSucceed() throws Exception {
		this.jdbc.update("delete from retry_stock where id in (910, 911)");
		this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (910, 1, 'a', 0), (911, 1, 'b', 0)");
		long deadlocks = this.counters.retries(ConflictKind.DEADLOCK);
		CyclicBarrier barrier = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<?> one = pool.submit(() -> {
				this.conflicts.lockBoth(910, 911, barrier, new AtomicBoolean(true));
				return null;
			});
			Future<?> two = pool.submit(() -> {
				this.conflicts.lockBoth(911, 910, barrier, new AtomicBoolean(true));
				return null;
			});
			one.get(60, TimeUnit.SECONDS);
			two.get(60, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.conflicts.attempts().get()).as("two calls, one retried").isEqualTo(3);
		assertThat(this.counters.retries(ConflictKind.DEADLOCK)).isEqualTo(deadlocks + 1);
	}

	@Test
	void aLockWaitTimeoutIsNotRetriedByDefault() throws Exception {
		this.jdbc.update("delete from retry_stock where id = 920");
		this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (920, 1, 'held', 0)");
		long notRetryable = this.counters.calls(RetryOutcome.NOT_RETRYABLE);
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<?> holder = pool.submit(() -> this.transactions.executeWithoutResult((status) -> {
				this.jdbc.update("update retry_stock set label = 'holder' where id = 920");
				locked.countDown();
				await(release);
			}));
			assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
			try {
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> this.conflicts.updateWithLockTimeout(920))
					.satisfies((ex) -> assertThat(ConflictClassifier.classify(ex)).isEqualTo(ConflictKind.LOCK_TIMEOUT));
			}
			finally {
				release.countDown();
			}
			holder.get(30, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.conflicts.attempts().get()).isEqualTo(1);
		assertThat(this.counters.calls(RetryOutcome.NOT_RETRYABLE)).isEqualTo(notRetryable + 1);
	}

	@Test
	void ordinaryContentionWithTheDefaultSettingsNeverExhaustsARetry() throws Exception {
		int products = 32;
		this.jdbc.update("delete from retry_order where true");
		this.jdbc.update("delete from retry_stock where id < 100");
		for (long id = 0; id < products; id++) {
			this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (?, 200, 'p', 0)", id);
		}
		long exhausted = this.counters.calls(RetryOutcome.EXHAUSTED);
		long retries = this.counters.retries();
		long started = System.nanoTime();
		List<String> failures = placeConcurrently(32, 200, (thread, i) -> this.orders.place((thread * 7L + i) % products));
		System.out.printf("32 products: 6400 orders in %d ms, %d retries, %d failures%n",
				(System.nanoTime() - started) / 1_000_000, this.counters.retries() - retries, failures.size());
		assertThat(failures).isEmpty();
		assertThat(this.counters.calls(RetryOutcome.EXHAUSTED)).isEqualTo(exhausted);
		assertThat(onPrimary("select sum(quantity) from retry_stock where id < 100")).isEqualTo("0");
		assertThat(onPrimary("select count(*) from retry_order")).isEqualTo("6400");
	}

	static List<String> placeConcurrently(int threads, int perThread, OrderPlacer placer) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						try {
							placer.place(thread, i);
						}
						catch (RuntimeException ex) {
							failures.add(ex.toString());
						}
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		return failures;
	}

	private String onPrimary(String sql) {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			return String.valueOf(this.jdbc.queryForObject(sql, Object.class));
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	interface OrderPlacer {

		void place(int thread, int index);

	}

}
