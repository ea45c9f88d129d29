package dev.tether.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryBudgetTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final RetryBudget budget = new RetryBudget(2, 5, Duration.ofSeconds(10), this.now::get);

	@Test
	void theFloorAllowsRetriesWhenNothingCommits() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.budget.tryAcquireRetry()).isTrue();
		}
		assertThat(this.budget.tryAcquireRetry()).isFalse();
	}

	@Test
	void eachCommitEarnsRatioRetries() {
		for (int i = 0; i < 100; i++) {
			this.budget.recordCommit();
		}
		int granted = 0;
		while (this.budget.tryAcquireRetry()) {
			granted++;
		}
		assertThat(granted).isEqualTo(5 + 2 * 100);
		assertThat(this.budget.window()).isEqualTo(new RetryBudget.Window(100, 205, 205, Duration.ofSeconds(10)));
	}

	@Test
	void retriesThatKeepCommittingAreNeverRefused() {
		// a hot row: every commit cost up to ratio retries, for many windows
		for (int round = 0; round < 10_000; round++) {
			assertThat(this.budget.tryAcquireRetry()).as("retry of round %d", round).isTrue();
			assertThat(this.budget.tryAcquireRetry()).as("second retry of round %d", round).isTrue();
			this.budget.recordCommit();
			this.now.addAndGet(Duration.ofMillis(3).toNanos());
		}
	}

	@Test
	void theWindowSlidesAndTheBudgetRefills() {
		for (int i = 0; i < 5; i++) {
			this.budget.tryAcquireRetry();
		}
		assertThat(this.budget.tryAcquireRetry()).isFalse();
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.budget.tryAcquireRetry()).as("half a window later the spent retries still count").isFalse();
		this.now.addAndGet(Duration.ofSeconds(6).toNanos());
		assertThat(this.budget.tryAcquireRetry()).as("a whole window later they no longer count").isTrue();
	}

	@Test
	void aFirstAttemptsCommitIsRecordedInTheSlotOfItsStartWithoutReadingAClock() {
		// the public constructor's clock is System.nanoTime(), whose reading the boundary passes in
		RetryBudget system = new RetryBudget(2, 0, Duration.ofSeconds(10));
		system.recordCommit();
		long start = System.nanoTime();
		system.recordCommitOfCallStartedAt(start);
		// a call that started 11 s ago: its slot has moved on or awaits its reset, so it counts now
		system.recordCommitOfCallStartedAt(start - Duration.ofSeconds(11).toNanos());
		assertThat(system.window().commits()).isEqualTo(3);
		assertThat(system.window().allowed()).isEqualTo(6);
	}

	@Test
	void aBudgetWithAClockOfItsOwnRecordsAFirstAttemptsCommitByThatClock() {
		this.budget.recordCommitOfCallStartedAt(System.nanoTime());
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.budget.window().commits()).isEqualTo(1);
		this.now.addAndGet(Duration.ofSeconds(6).toNanos());
		assertThat(this.budget.window().commits()).as("a whole window of its own clock later").isZero();
	}

	@Test
	void theUnlimitedBudgetRecordsNothing() {
		RetryBudget.unlimited().recordCommitOfCallStartedAt(System.nanoTime());
		assertThat(RetryBudget.unlimited().window().commits()).isZero();
	}

	@Test
	void theDescriptionNamesTheNumbersAndTheProperties() {
		this.budget.recordCommit();
		this.budget.tryAcquireRetry();
		assertThat(this.budget.describe()).isEqualTo("1 retries and 1 commits in the last 10s, allowed 5 + 2.0 per"
				+ " commit = 7 (tether.retry.budget.min-retries, tether.retry.budget.ratio, tether.retry.budget.window)");
	}

	@Test
	void theUnlimitedBudgetGrantsEverything() {
		RetryBudget unlimited = RetryBudget.unlimited();
		for (int i = 0; i < 1000; i++) {
			assertThat(unlimited.tryAcquireRetry()).isTrue();
		}
		assertThat(unlimited.isLimited()).isFalse();
	}

	@Test
	void outOfRangeSettingsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(0, 1, Duration.ofSeconds(1)))
			.withMessageContaining("ratio > 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(1, -1, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(1, 1, Duration.ofMillis(1)));
	}

}
