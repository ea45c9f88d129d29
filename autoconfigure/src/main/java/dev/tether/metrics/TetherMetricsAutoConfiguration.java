package dev.tether.metrics;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.ReplicasProperties;
import dev.tether.routing.TransactionObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of routing and of the replicas' pools, and (opt-in) an observation per
 * routed transaction. Nothing when Micrometer is absent or {@code tether.metrics.enabled=false}.
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, HikariDataSource.class })
@ConditionalOnBooleanProperty(name = "tether.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TetherMetricsProperties.class)
public final class TetherMetricsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MeterRegistry.class)
	static class Meters {

		@Bean
		@ConditionalOnMissingBean
		RoutingMeters tetherRoutingMeters(MeterRegistry registry, ObjectProvider<ReplicasProperties> routing,
				ObjectProvider<RoutingCounters> counters) {
			ReplicasProperties properties = routing.getIfAvailable();
			// the meters count for the endpoint's counters too: one count per decision
			return new RoutingMeters(registry,
					(properties != null) ? properties.getReplicas().keySet() : List.of(), counters.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean
		ReplicaHealthMetrics tetherReplicaHealthMetrics(ObjectProvider<DataSource> dataSources) {
			return new ReplicaHealthMetrics(dataSources);
		}

		@Bean
		@ConditionalOnMissingBean
		ReplicaPoolMetrics tetherReplicaPoolMetrics(ObjectProvider<DataSource> dataSources) {
			return new ReplicaPoolMetrics(dataSources);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnBooleanProperty("tether.metrics.observations.enabled")
	static class Observations {

		@Bean
		@ConditionalOnMissingBean
		TransactionObserver tetherTransactionObserver(ObservationRegistry registry,
				ObjectProvider<RoutedTransactionObservationConvention> convention) {
			return new ObservingTransactionObserver(registry, convention.getIfUnique());
		}

	}

}
