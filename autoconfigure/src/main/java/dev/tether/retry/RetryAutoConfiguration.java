package dev.tether.retry;

import java.util.List;

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
 * Whole-transaction retries: {@code @RetryOptimistic}, the {@link OptimisticRetryTemplate} and
 * {@link RetryBudget} beans, their meters, and the startup check of {@code @Version} fields. The
 * Actuator endpoint's retry section is contributed by {@code dev.tether.actuate}, which depends on
 * this package, never the reverse.
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
	RetryBudget tetherRetryBudget(RetryProperties properties) {
		RetryProperties.Budget budget = properties.getBudget();
		return budget.isEnabled() ? new RetryBudget(budget.getRatio(), budget.getMinRetries(), budget.getWindow())
				: RetryBudget.unlimited();
	}

	@Bean
	@ConditionalOnMissingBean
	OptimisticRetryTemplate optimisticRetryTemplate(RetryProperties properties, RetryBudget budget,
			ObjectProvider<OptimisticRetryListener> listeners, ObjectProvider<EntityTables> entityTables) {
		List<OptimisticRetryListener> all = listeners.orderedStream().toList();
		// one listener (the counters, without a meter registry) is called directly: a boundary call
		// then passes no loop
		return new OptimisticRetryTemplate(properties.toPolicy(), budget,
				(all.size() == 1) ? all.get(0) : new CompositeRetryListener(all),
				new RowLocks(entityTables.getIfUnique()));
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

	/** Where JPA entities are, for the row lock of a retry that loses to another process. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "jakarta.persistence.EntityManagerFactory",
			"org.hibernate.engine.spi.SessionFactoryImplementor" })
	static class HibernateTables {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		EntityTables tetherEntityTables(ObjectProvider<EntityManagerFactory> entityManagerFactories) {
			return new HibernateEntityTables(entityManagerFactories);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EntityManagerFactory.class)
	static class VersionFields {

		@Bean
		VersionFieldCheck tetherVersionFieldCheck(RetryProperties properties,
				ObjectProvider<EntityManagerFactory> entityManagerFactories) {
			return new VersionFieldCheck(properties.toVersionCheckMode(), entityManagerFactories);
		}

	}

}
