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
		return new OptimisticRetryTemplate(this.properties, budget, this.counters);
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
	void aSpentBudgetFailsFastWithTheConflictAndIsCounted() {
		RetryBudget empty = new RetryBudget(0.0001, 0, Duration.ofSeconds(10), System::nanoTime);
		AtomicInteger calls = new AtomicInteger();
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> template(empty)
			.execute("work", () -> {
				calls.incrementAndGet();
				throw new OptimisticLockingFailureException("conflict");
			}));
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
			.withMessageStartingWith("Gave up on placeOrder after 4 attempts: optimistic-lock conflict")
			.withCause(conflict);
		assertThat(this.counters.calls(RetryOutcome.EXHAUSTED)).isOne();
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
