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
	void invalidSettingsFailAtStartupNamingTheProperty() {
		this.runner.withPropertyValues("tether.retry.max-attempts=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tether.retry: maxAttempts must be at least 1 (was 0)");
		});
		this.runner.withPropertyValues("tether.retry.budget.ratio=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tether.retry.budget.ratio must be greater than 0");
		});
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
			return new OptimisticRetryTemplate(properties,
					new RetryBudget(1, 1, java.time.Duration.ofSeconds(1), System::nanoTime), new RetryCounters());
		}

	}

}
