package dev.tether.routing;

import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Read/write routing: wraps the primary {@link DataSource} in a {@link TetherDataSource}, applies
 * {@code @ForceMaster}, and carries the routing context onto task executors.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DataSource.class, com.zaxxer.hikari.HikariDataSource.class })
@ConditionalOnBooleanProperty(name = "tether.routing.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ ReplicasProperties.class, ReplicaHealthProperties.class, RoutingProperties.class,
		GuardProperties.class, CausalTokenProperties.class })
public final class RoutingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(RoutingAutoConfiguration.class);

	@Bean
	static TetherDataSourcePostProcessor tetherDataSourcePostProcessor(ObjectProvider<ReplicasProperties> replicas,
			ObjectProvider<ReplicaHealthProperties> health, ObjectProvider<RoutingProperties> routing,
			ObjectProvider<GuardProperties> guards, ObjectProvider<RoutingListener> listeners,
			ObjectProvider<TransactionObserver> observer,
			ObjectProvider<TetherReplicaConnectionDetails> replicaConnections) {
		// the providers are resolved at the first primary, not now: a post-processor is created early
		return new TetherDataSourcePostProcessor((primary) -> new RouterFactory(replicas.getObject(), health.getObject(),
				routing.getObject(), guards.getObject(), listeners.orderedStream().toList(),
				replicaConnections.orderedStream().toList(), observer.getIfUnique()).create(primary));
	}

	@Bean
	@ConditionalOnMissingBean
	RoutingCounters tetherRoutingCounters() {
		return new RoutingCounters();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ForceMasterAdvisor tetherForceMasterAdvisor() {
		return new ForceMasterAdvisor();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static MaxReplicaLagAdvisor tetherMaxReplicaLagAdvisor() {
		return new MaxReplicaLagAdvisor();
	}

	@Bean
	@ConditionalOnMissingBean
	TetherRouters tetherRouters(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		return new TetherRouters(beanFactory, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnRoutedDataSource
	CausalTokens tetherCausalTokens(TetherRouters routers, CausalTokenProperties properties) {
		return new CausalTokens(routers.required(), properties.getSigningKeys());
	}

	@Bean
	@ConditionalOnMissingBean
	RoutingContextTaskDecorator tetherRoutingContextTaskDecorator() {
		return new RoutingContextTaskDecorator();
	}

	/** Builds a router with the library's builder from the bound properties: the one place they meet. */
	record RouterFactory(ReplicasProperties replicas, ReplicaHealthProperties health, RoutingProperties routing,
			GuardProperties guards, List<RoutingListener> listeners, List<TetherReplicaConnectionDetails> connections,
			TransactionObserver observer) {

		TetherDataSource create(DataSource primary) {
			TetherDataSource.Builder builder = TetherDataSource.builder(primary)
				.classifierCacheSize(this.routing.getClassifierCacheSize())
				.probeInterval(this.health.getProbeInterval())
				.probeTimeout(this.health.getProbeTimeout())
				.downAfterMissedProbes(this.health.getDownAfterMissedProbes())
				.primaryDownAfterMissedProbes(this.health.getPrimaryDownAfterMissedProbes())
				.maxLag(this.health.getMaxLag())
				.readPolicy(readPolicy())
				.causalOwnGtid(this.routing.isCausalOwnGtid())
				.guards(this.guards.toGuards());
			this.listeners.forEach(builder::listener);
			RoutingListener refusals = this.listeners.isEmpty() ? new RoutingListener() { }
					: CompositeRoutingListener.of(this.listeners);
			ReplicaPools.create(ReplicaConnections.merge(this.replicas.toSpecs(), this.connections), primary, refusals)
				.forEach((replica) -> builder.replica(replica.name(), replica.dataSource(), replica.weight()));
			builder.observer(this.observer);
			return builder.build();
		}

		/** The read policy, with the deprecated {@code tether.replica.fallback} where the new name is not set. */
		@SuppressWarnings("removal")
		private ReadPolicy readPolicy() {
			ReplicaHealthProperties.Fallback deprecated = this.health.getFallback();
			if (deprecated != null && this.routing.getFallback() != null) {
				logger.warn("Both tether.routing.fallback=" + this.routing.getFallback().name().toLowerCase(Locale.ROOT)
						+ " and the deprecated tether.replica.fallback=" + deprecated.name().toLowerCase(Locale.ROOT)
						+ " are set: tether.routing.fallback applies;"
						+ " remove tether.replica.fallback");
			}
			else if (deprecated != null) {
				logger.warn("tether.replica.fallback is deprecated and will be removed in the next release:"
						+ " set tether.routing.fallback=" + deprecated.name().toLowerCase(Locale.ROOT) + " instead");
			}
			return this.routing.toReadPolicy(deprecated);
		}

	}

}
