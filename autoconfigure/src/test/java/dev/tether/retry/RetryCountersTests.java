package dev.tether.retry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryCountersTests {

	private final RetryCounters counters = new RetryCounters();

	@Test
	void attemptsCountTheFirstAttemptOfEveryCallAndEveryRetry() {
		this.counters.onCall("a", RetryOutcome.SUCCESS_FIRST_TRY, 1);
		this.counters.onCall("a", RetryOutcome.SUCCESS_FIRST_TRY, 1);
		this.counters.onCall("a", RetryOutcome.SUCCESS_AFTER_RETRY, 3);
		this.counters.onCall("a", RetryOutcome.EXHAUSTED, 10);
		this.counters.onCall("a", RetryOutcome.NOT_RETRYABLE, 1);
		this.counters.onRetry("a", ConflictKind.OPTIMISTIC_LOCK);
		this.counters.onRetry("a", ConflictKind.DEADLOCK);
		assertThat(this.counters.attempts()).isEqualTo(1 + 1 + 3 + 10 + 1);
		assertThat(this.counters.calls(RetryOutcome.SUCCESS_FIRST_TRY)).isEqualTo(2);
		assertThat(this.counters.calls(RetryOutcome.EXHAUSTED)).isEqualTo(1);
		assertThat(this.counters.retries()).isEqualTo(2);
		assertThat(this.counters.retries(ConflictKind.DEADLOCK)).isEqualTo(1);
	}

	@Test
	void startAtZero() {
		assertThat(this.counters.attempts()).isZero();
		assertThat(this.counters.retries()).isZero();
	}

}
