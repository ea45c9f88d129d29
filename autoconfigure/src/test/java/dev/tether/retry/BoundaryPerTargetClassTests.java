package dev.tether.retry;

import java.util.concurrent.atomic.AtomicInteger;

import dev.tether.annotation.RetryOptimistic;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The interceptor resolves a boundary per target class and method: two implementations of one
 * interface method keep their own annotation's settings and name, also when their calls
 * alternate (the interceptor's one-lookup shortcut holds only the first class it saw per method).
 * Pure AOP logic: the work conflicts on every attempt and counts them.
 */
class BoundaryPerTargetClassTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		// the defaults: the budget's floor grants these 12 retries, and the jittered delays between
		// them (20 ms doubling) keep the test at about a second
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, RetryAutoConfiguration.class));

	@Test
	void twoImplementationsOfOneMethodKeepTheirOwnSettings() {
		this.runner.run((context) -> {
			RetryOptimisticAdvisor advisor = context.getBean(RetryOptimisticAdvisor.class);
			TwoAttempts two = new TwoAttempts();
			FourAttempts four = new FourAttempts();
			Work first = proxy(two, advisor);
			Work second = proxy(four, advisor);
			for (int round = 1; round <= 3; round++) {
				assertThatExceptionOfType(RetryExhaustedException.class).isThrownBy(first::run)
					.withMessageContaining("TwoAttempts.run after 2 attempts");
				assertThatExceptionOfType(RetryExhaustedException.class).isThrownBy(second::run)
					.withMessageContaining("FourAttempts.run after 4 attempts");
				assertThat(two.attempts.get()).isEqualTo(2 * round);
				assertThat(four.attempts.get()).isEqualTo(4 * round);
			}
		});
	}

	private static Work proxy(Work target, RetryOptimisticAdvisor advisor) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.addInterface(Work.class);
		factory.addAdvisor(advisor);
		return (Work) factory.getProxy();
	}

	interface Work {

		void run();

	}

	static class TwoAttempts implements Work {

		final AtomicInteger attempts = new AtomicInteger();

		@Override
		@RetryOptimistic(maxAttempts = 2)
		public void run() {
			this.attempts.incrementAndGet();
			throw new OptimisticLockingFailureException("conflict " + this.attempts.get());
		}

	}

	static class FourAttempts implements Work {

		final AtomicInteger attempts = new AtomicInteger();

		@Override
		@RetryOptimistic(maxAttempts = 4)
		public void run() {
			this.attempts.incrementAndGet();
			throw new OptimisticLockingFailureException("conflict " + this.attempts.get());
		}

	}

}
