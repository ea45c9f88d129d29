package dev.tether.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final RetryBudget budget = new RetryBudget(0.2, 5, Duration.ofSeconds(10), this.now::get);

	@Test
	void theFloorAllowsRetriesWithoutCalls() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.budget.tryAcquireRetry()).isTrue();
		}
		assertThat(this.budget.tryAcquireRetry()).isFalse();
	}

	@Test
	void retriesAreLimitedToAFractionOfCalls() {
		for (int i = 0; i < 100; i++) {
			this.budget.recordCall();
		}
		int granted = 0;
		while (this.budget.tryAcquireRetry()) {
			granted++;
		}
		assertThat(granted).isEqualTo(20);
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

}
