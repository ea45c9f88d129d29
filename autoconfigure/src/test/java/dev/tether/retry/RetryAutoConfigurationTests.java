package dev.tether.retry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class));

	@Test
	void providesTheTemplateCountersAndAdvisorByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(OptimisticRetryTemplate.class)
				.hasSingleBean(RetryCounters.class)
				.hasSingleBean(RetryOptimisticAdvisor.class)
				.hasSingleBean(VersionFieldCheck.class)
				.doesNotHaveBean(RetryMetrics.class);
			assertThat(context.getBean(RetryProperties.class).getMaxAttempts()).isEqualTo(10);
		});
	}

	@Test
	void registersMetersWhenAMeterRegistryExists() {
		this.runner.withUserConfiguration(Registry.class).run((context) -> {
			assertThat(context).hasSingleBean(RetryMetrics.class);
			context.getBean(OptimisticRetryTemplate.class).execute("work", () -> "ok");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("tether.retry.calls").tag("outcome", "success-first-try").counter().count())
				.isEqualTo(1);
			assertThat(registry.get("tether.retry.attempts").tag("outcome", "success-first-try").counter().count())
				.isEqualTo(1);
			assertThat(registry.find("tether.retry.retries").tag("conflict", "deadlock").counter()).isNotNull();
		});
	}

	@Test
	void metersCanBeSwitchedOff() {
		this.runner.withUserConfiguration(Registry.class)
			.withPropertyValues("tether.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RetryMetrics.class));
	}

	@Test
	void worksWithoutMicrometerOrJpa() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class, jakarta.persistence.EntityManagerFactory.class))
			.run((context) -> assertThat(context).hasSingleBean(OptimisticRetryTemplate.class)
				.doesNotHaveBean(RetryMetrics.class)
				.doesNotHaveBean(VersionFieldCheck.class));
	}

	@Test
	void backsOffFromAUserTemplate() {
		this.runner.withUserConfiguration(UserTemplate.class)
			.run((context) -> assertThat(context).getBean(OptimisticRetryTemplate.class)
				.isSameAs(context.getBean("userTemplate")));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("tether.retry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OptimisticRetryTemplate.class)
				.doesNotHaveBean(RetryOptimisticAdvisor.class));
	}

	@Test
	void invalidSettingsFailAtStartupNamingThePropertyAndTheAllowedRange() {
		assertStartupFails("tether.retry.max-attempts=0", "tether.retry.max-attempts must be at least 1 (was 0)");
		assertStartupFails("tether.retry.delay=-1ms", "tether.retry.delay must be zero or positive (was PT-0.001S)");
		assertStartupFails("tether.retry.max-delay=-1ms",
				"tether.retry.max-delay must be zero or positive (was PT-0.001S)");
		assertStartupFails("tether.retry.max-delay=10ms",
				"tether.retry.max-delay must be at least tether.retry.delay (were PT0.01S and PT0.02S)");
		assertStartupFails("tether.retry.multiplier=0.5", "tether.retry.multiplier must be at least 1 (was 0.5)");
		assertStartupFails("tether.retry.timeout=0s", "tether.retry.timeout must be positive (was PT0S)");
		assertStartupFails("tether.retry.budget.ratio=0", "tether.retry.budget.ratio must be greater than 0");
	}

	@Test
	void annotationAttributesOutOfRangeFailAtStartupNamingTheMethod() {
		ApplicationContextRunner withAop = this.runner
			.withConfiguration(AutoConfigurations.of(org.springframework.boot.autoconfigure.aop.AopAutoConfiguration.class));
		assertBeanFails(withAop, ZeroAttempts.class, ZeroAttempts.class.getName()
				+ ".place: maxAttempts must be at least 1, or -1 for tether.retry.max-attempts (was 0)");
		assertBeanFails(withAop, NegativeDelay.class,
				NegativeDelay.class.getName() + ".place: delay must be zero or positive (was -5ms)");
		assertBeanFails(withAop, InvertedDelays.class,
				InvertedDelays.class.getName() + ".place: delay must not exceed maxDelay (were 2s and 1s)");
		assertBeanFails(withAop, SmallMultiplier.class, SmallMultiplier.class.getName()
				+ ".place: multiplier must be at least 1, or -1 for tether.retry.multiplier (was 0.5)");
	}

	@Test
	void providesTheBudgetAndOffersItToOtherRetryLoops() {
		this.runner.run((context) -> {
			RetryBudget budget = context.getBean(RetryBudget.class);
			assertThat(budget.isLimited()).isTrue();
			assertThat(budget.window().allowed()).as("the floor: tether.retry.budget.min-retries").isEqualTo(100);
			assertThat(context.getBean(OptimisticRetryTemplate.class).budget()).isSameAs(budget);
		});
		this.runner.withPropertyValues("tether.retry.budget.enabled=false")
			.run((context) -> assertThat(context.getBean(RetryBudget.class).isLimited()).isFalse());
	}

	private void assertStartupFails(String property, String message) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
		});
	}

	private static void assertBeanFails(ApplicationContextRunner runner, Class<?> bean, String message) {
		runner.withBean(bean).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessage(message);
		});
	}

	static class ZeroAttempts {

		@dev.tether.annotation.RetryOptimistic(maxAttempts = 0)
		public void place() {
		}

	}

	static class NegativeDelay {

		public void other() {
		}

		@dev.tether.annotation.RetryOptimistic(delay = "-5ms")
		public void place() {
		}

	}

	static class InvertedDelays {

		@dev.tether.annotation.RetryOptimistic(delay = "2s", maxDelay = "1s")
		public void place() {
		}

	}

	static class SmallMultiplier {

		@dev.tether.annotation.RetryOptimistic(multiplier = 0.5)
		public void place() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplate {

		@Bean
		OptimisticRetryTemplate userTemplate() {
			RetryProperties properties = new RetryProperties();
			return new OptimisticRetryTemplate(properties.toPolicy(),
					new RetryBudget(1, 1, java.time.Duration.ofSeconds(1)), new RetryCounters());
		}

	}

}
