package dev.tether.retry;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Whole-transaction retries: {@code @RetryOptimistic}, the {@link OptimisticRetryTemplate} bean,
 * their meters, and the startup check of {@code @Version} fields.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.core.retry.RetryTemplate")
@ConditionalOnBooleanProperty(name = "tether.retry.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RetryProperties.class)
public final class RetryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RetryCounters tetherRetryCounters() {
		return new RetryCounters();
	}

	@Bean
	@ConditionalOnMissingBean
	OptimisticRetryTemplate optimisticRetryTemplate(RetryProperties properties,
			ObjectProvider<OptimisticRetryListener> listeners) {
		RetryProperties.Budget budget = properties.getBudget();
		RetryBudget retryBudget = new RetryBudget(budget.getRatio(), budget.getMinRetries(), budget.getWindow(),
				System::nanoTime);
		return new OptimisticRetryTemplate(properties, retryBudget,
				new CompositeRetryListener(listeners.orderedStream().toList()));
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static RetryOptimisticAdvisor tetherRetryOptimisticAdvisor(ObjectProvider<OptimisticRetryTemplate> template) {
		return new RetryOptimisticAdvisor(template);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "tether.metrics.enabled", matchIfMissing = true)
	static class Metrics {

		@Bean
		RetryMetrics tetherRetryMetrics(MeterRegistry registry) {
			return new RetryMetrics(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	static class EndpointSection {

		@Bean
		dev.tether.actuate.TetherEndpointContributor tetherRetryEndpointContributor(RetryCounters counters) {
			return (report) -> {
				java.util.Map<String, Object> calls = new java.util.LinkedHashMap<>();
				for (RetryOutcome outcome : RetryOutcome.values()) {
					calls.put(outcome.tagValue(), counters.calls(outcome));
				}
				java.util.Map<String, Object> retries = new java.util.LinkedHashMap<>();
				for (ConflictKind conflict : ConflictKind.values()) {
					retries.put(conflict.tagValue(), counters.retries(conflict));
				}
				java.util.Map<String, Object> section = new java.util.LinkedHashMap<>();
				section.put("calls", calls);
				section.put("retries", retries);
				section.put("attempts", counters.attempts());
				report.put("retry", section);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EntityManagerFactory.class)
	static class VersionFields {

		@Bean
		VersionFieldCheck tetherVersionFieldCheck(RetryProperties properties,
				ObjectProvider<EntityManagerFactory> entityManagerFactories) {
			return new VersionFieldCheck(properties.getRequireVersion(), entityManagerFactories);
		}

	}

}
