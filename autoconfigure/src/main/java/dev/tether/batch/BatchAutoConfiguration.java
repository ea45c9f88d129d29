package dev.tether.batch;

import java.util.List;

import javax.sql.DataSource;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TetherDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Bulk updates (the {@link BulkUpdater} bean and its meters) and Hibernate's batching defaults. */
@AutoConfiguration(after = RoutingAutoConfiguration.class,
		beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "tether.batch.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BatchProperties.class)
public final class BatchAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(DataSource.class)
	BulkUpdater tetherBulkUpdater(DataSource dataSource, BatchProperties properties,
			ObjectProvider<BulkUpdateListener> listeners) {
		TetherDataSource router = TetherDataSource.find(dataSource);
		List<BulkUpdateListener> all = listeners.orderedStream().toList();
		BulkUpdateListener listener = new BulkUpdateListener() {

			@Override
			public void onChunk(String table, long rows, long nanos) {
				all.forEach((each) -> each.onChunk(table, rows, nanos));
			}

			@Override
			public void onPause(String table) {
				all.forEach((each) -> each.onPause(table));
			}

		};
		return new BulkUpdater(dataSource, (router != null) ? router.getMonitor() : null, listener,
				properties.toSettings());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "tether.metrics.enabled", matchIfMissing = true)
	static class Metrics {

		@Bean
		BatchMetrics tetherBatchMetrics(MeterRegistry registry) {
			return new BatchMetrics(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer",
			"jakarta.persistence.EntityManagerFactory" })
	static class Hibernate {

		@Bean
		HibernateBatchingDefaults tetherHibernateBatchingDefaults(BatchProperties properties) {
			return new HibernateBatchingDefaults(properties.getSize());
		}

		@Bean
		BatchingReport tetherBatchingReport(ObjectProvider<jakarta.persistence.EntityManagerFactory> factories) {
			return new BatchingReport(factories);
		}

	}

}
