package dev.tether.retry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

class FullJitterBackOffTests {

	@Test
	void delaysAreDrawnBetweenZeroAndAnExponentiallyGrowingCap() {
		FullJitterBackOff backOff = new FullJitterBackOff(Duration.ofMillis(10), Duration.ofMillis(1000), 2.0);
		long[] caps = { 10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000 };
		long[] largest = new long[caps.length];
		long[] smallest = new long[caps.length];
		java.util.Arrays.fill(smallest, Long.MAX_VALUE);
		for (int run = 0; run < 2000; run++) {
			BackOffExecution execution = backOff.start();
			for (int i = 0; i < caps.length; i++) {
				long delay = execution.nextBackOff();
				largest[i] = Math.max(largest[i], delay);
				smallest[i] = Math.min(smallest[i], delay);
			}
		}
		for (int i = 0; i < caps.length; i++) {
			assertThat(largest[i]).as("largest delay %d", i).isLessThanOrEqualTo(caps[i]).isGreaterThan(caps[i] / 2);
			assertThat(smallest[i]).as("smallest delay %d", i).isLessThan(Math.max(1, caps[i] / 4));
		}
	}

	@Test
	void neverStopsByItselfAndNeverOverflows() {
		BackOffExecution execution = new FullJitterBackOff(Duration.ofMillis(1), Duration.ofSeconds(2), 10).start();
		for (int i = 0; i < 10_000; i++) {
			assertThat(execution.nextBackOff()).isBetween(0L, 2000L);
		}
	}

	@Test
	void zeroDelayMeansImmediateRetries() {
		BackOffExecution execution = new FullJitterBackOff(Duration.ZERO, Duration.ZERO, 2).start();
		assertThat(execution.nextBackOff()).isZero();
		assertThat(execution.nextBackOff()).isZero();
	}

}
