package dev.tether.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The boundary's decisions, on plain work without a database (the integration tests run it for real). */
class OptimisticRetryTemplateTests {

	private final RetryProperties properties = new RetryProperties();

	private final RetryCounters counters = new RetryCounters();

	private OptimisticRetryTemplate template(RetryBudget budget) {
		this.properties.setDelay(Duration.ZERO);
		return new OptimisticRetryTemplate(this.properties.toPolicy(), budget, this.counters);
	}

	private RetryBudget generousBudget() {
		return new RetryBudget(100, 1000, Duration.ofSeconds(10), System::nanoTime);
	}

	@Test
	void conflictsAreRetriedUntilTheWorkSucceeds() {
		AtomicInteger calls = new AtomicInteger();
		String result = template(generousBudget()).execute("work", () -> {
			if (calls.incrementAndGet() < 3) {
				throw new OptimisticLockingFailureException("conflict");
			}
			return "done";
		});
		assertThat(result).isEqualTo("done");
		assertThat(calls).hasValue(3);
		assertThat(this.counters.calls(RetryOutcome.SUCCESS_AFTER_RETRY)).isOne();
		assertThat(this.counters.retries(ConflictKind.OPTIMISTIC_LOCK)).isEqualTo(2);
		assertThat(this.counters.attempts()).isEqualTo(3);
	}

	@Test
	void otherFailuresEscapeUnchangedAfterOneAttempt() {
		AtomicInteger calls = new AtomicInteger();
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> template(generousBudget())
			.execute("work", () -> {
				calls.incrementAndGet();
				throw new DataIntegrityViolationException("duplicate");
			}));
		assertThat(calls).hasValue(1);
		assertThat(this.counters.calls(RetryOutcome.NOT_RETRYABLE)).isOne();
	}

	@Test
	void aSwitchedOffConflictKindIsNotRetried() {
		this.properties.setOptimisticLockFailures(false);
		AtomicInteger calls = new AtomicInteger();
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> template(generousBudget())
			.execute("work", () -> {
				calls.incrementAndGet();
				throw new OptimisticLockingFailureException("conflict");
			}));
		assertThat(calls).hasValue(1);
	}

	@Test
	void aSpentBudgetFailsFastWithTetherExceptionNamingItsNumbersAndProperties() {
		RetryBudget empty = new RetryBudget(0.0001, 0, Duration.ofSeconds(10), System::nanoTime);
		AtomicInteger calls = new AtomicInteger();
		StaleRowException conflict = new StaleRowException("product", "id", 5, 7);
		assertThatExceptionOfType(RetryExhaustedException.class).isThrownBy(() -> template(empty)
			.execute("placeOrder", () -> {
				calls.incrementAndGet();
				throw conflict;
			}))
			.isInstanceOf(org.springframework.dao.ConcurrencyFailureException.class)
			.withMessageStartingWith("Gave up on placeOrder after 1 attempt in ")
			.withMessageContaining("optimistic-lock conflict on product with id 5 at version 7")
			.withMessageContaining("the retry budget refused another retry: 0 retries and 0 commits in the last 10s,"
					+ " allowed 0 + 1.0E-4 per commit = 0")
			.withMessageContaining("tether.retry.budget.ratio")
			.withCause(conflict)
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RetryOutcome.BUDGET_REFUSED);
				assertThat(ex.getTarget()).isEqualTo(new ConflictTarget("product", 5, 7L));
			});
		assertThat(calls).hasValue(1);
		assertThat(this.counters.calls(RetryOutcome.BUDGET_REFUSED)).isOne();
	}

	@Test
	void exhaustionNamesTheBoundaryAndKeepsTheLastConflictAsCause() {
		OptimisticLockingFailureException conflict = new OptimisticLockingFailureException("conflict");
		assertThatExceptionOfType(RetryExhaustedException.class)
			.isThrownBy(() -> template(generousBudget()).execute("placeOrder", 4, () -> {
				throw conflict;
			}))
			.withMessageStartingWith("Gave up on placeOrder after 4 attempts in ")
			.withMessageContaining("ms: optimistic-lock conflict; stopped because all 4 allowed attempts conflicted")
			.withCause(conflict)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RetryOutcome.EXHAUSTED));
		assertThat(this.counters.calls(RetryOutcome.EXHAUSTED)).isOne();
	}

	@Test
	void commitsPayForRetriesSoAHotRowIsNotRefused() {
		RetryBudget budget = new RetryBudget(1, 0, Duration.ofSeconds(10), System::nanoTime);
		OptimisticRetryTemplate template = template(budget);
		template.execute("seed", () -> "committed");
		AtomicInteger calls = new AtomicInteger();
		for (int i = 0; i < 100; i++) {
			// each call conflicts once and commits on its retry: one retry per commit
			calls.set(0);
			assertThat(template.execute("hot", () -> {
				if (calls.incrementAndGet() == 1) {
					throw new OptimisticLockingFailureException("conflict");
				}
				return "ok";
			})).isEqualTo("ok");
		}
		assertThat(this.counters.calls(RetryOutcome.BUDGET_REFUSED)).isZero();
	}

	@Test
	void retriesOfOneRowTakeTurnsSoAtMostOneRetryRunsAtATime() throws Exception {
		this.properties.setMaxAttempts(1000);
		// a turn wait is bounded by max-delay (1 s); unbounded here, so that a slow machine cannot
		// let a waiter run without its turn and the assertion below holds exactly
		this.properties.setMaxDelay(Duration.ofMinutes(1));
		this.properties.setTimeout(Duration.ofMinutes(2));
		OptimisticRetryTemplate template = template(generousBudget());
		java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
		AtomicInteger retryingNow = new AtomicInteger();
		AtomicInteger mostRetryingAtOnce = new AtomicInteger();
		int threads = 8;
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
		try {
			java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 50; i++) {
						int[] attempt = { 0 };
						template.execute("increment", () -> {
							boolean retry = attempt[0]++ > 0;
							if (retry) {
								mostRetryingAtOnce.accumulateAndGet(retryingNow.incrementAndGet(), Math::max);
							}
							try {
								long read = version.get();
								sleep(1);
								if (!version.compareAndSet(read, read + 1)) {
									throw new StaleRowException("counter", "id", 1, read);
								}
								return read;
							}
							finally {
								if (retry) {
									retryingNow.decrementAndGet();
								}
							}
						});
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<?> future : futures) {
				future.get(2, java.util.concurrent.TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(version.get()).isEqualTo(threads * 50);
		assertThat(this.counters.retries()).as("the row was contended").isPositive();
		assertThat(mostRetryingAtOnce.get()).as("retries of the row running at once").isOne();
	}

	@Test
	void aRetryThatCannotGetItsTurnInTimeStopsWithTheReasonTime() throws Exception {
		this.properties.setTimeout(Duration.ofMillis(200));
		OptimisticRetryTemplate template = template(generousBudget());
		java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		Thread holder = new Thread(() -> {
			int[] attempt = { 0 };
			template.execute("holder", () -> {
				if (attempt[0]++ == 0) {
					throw new StaleRowException("product", "id", 5, 1);
				}
				// the retry holds the row's turn while it runs
				holding.countDown();
				await(release);
				return null;
			});
		});
		holder.start();
		try {
			assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThatExceptionOfType(RetryExhaustedException.class).isThrownBy(() -> template.execute("waiter", () -> {
				throw new StaleRowException("product", "id", 5, 1);
			}))
				.withMessageContaining("its time of 200ms was spent")
				.withMessageContaining("tether.retry.timeout")
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RetryOutcome.TIME_SPENT));
		}
		finally {
			release.countDown();
			holder.join(10_000);
		}
	}

	@Test
	void anInterruptedRetryStopsAndKeepsTheInterruptStatus() {
		this.properties.setDelay(Duration.ofSeconds(5));
		this.properties.setMaxDelay(Duration.ofSeconds(5));
		OptimisticRetryTemplate template = new OptimisticRetryTemplate(this.properties.toPolicy(), generousBudget(), this.counters);
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(RetryExhaustedException.class).isThrownBy(() -> template.execute("work", () -> {
				throw new OptimisticLockingFailureException("conflict");
			})).satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RetryOutcome.INTERRUPTED));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.counters.calls(RetryOutcome.INTERRUPTED)).isOne();
	}

	@Test
	void aBoundaryThatGaveUpIsLoggedAtMostOncePerInterval() {
		java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
		GiveUpLog log = new GiveUpLog(java.util.concurrent.TimeUnit.MINUTES.toNanos(1), now::get);
		RetryExhaustedException failure = new RetryExhaustedException("gave up", "placeOrder", 3, null);
		RetryExhaustedException other = new RetryExhaustedException("gave up", "cancelOrder", 3, null);
		assertThat(log.log(failure)).isTrue();
		assertThat(log.log(failure)).isFalse();
		assertThat(log.log(other)).as("another method").isTrue();
		now.addAndGet(java.util.concurrent.TimeUnit.SECONDS.toNanos(61));
		assertThat(log.log(failure)).isTrue();
	}

	@Test
	void maxAttemptsBelowOneIsRefusedNamingTheWork() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> template(generousBudget()).execute("placeOrder", 0, () -> "x"))
			.withMessage("placeOrder: maxAttempts must be at least 1 (was 0)");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(java.util.concurrent.CountDownLatch latch) {
		try {
			latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void insideSomeoneElsesTransactionWarnModeRunsOnceWithoutRetrying() {
		this.properties.setInsideTransaction(RetryProperties.InsideTransaction.WARN);
		AtomicInteger calls = new AtomicInteger();
		TransactionSynchronizationManager.setActualTransactionActive(true);
		try {
			assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> template(generousBudget())
				.execute("work", () -> {
					calls.incrementAndGet();
					throw new OptimisticLockingFailureException("conflict");
				}));
		}
		finally {
			TransactionSynchronizationManager.setActualTransactionActive(false);
		}
		assertThat(calls).hasValue(1);
		assertThat(RetryBoundary.isActive()).isFalse();
	}

	@Test
	void theBoundaryMarkerIsClearedAfterFailures() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> template(generousBudget())
			.execute("work", () -> {
				assertThat(RetryBoundary.isActive()).isTrue();
				throw new IllegalStateException("bug");
			}));
		assertThat(RetryBoundary.isActive()).isFalse();
	}

}
