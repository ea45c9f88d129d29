package dev.tether.routing;

import javax.sql.DataSource;

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
@EnableConfigurationProperties({ RoutingProperties.class, CausalTokenProperties.class })
public final class RoutingAutoConfiguration {

	@Bean
	static TetherDataSourcePostProcessor tetherDataSourcePostProcessor(ObjectProvider<RoutingProperties> properties,
			ObjectProvider<RoutingListener> listeners, ObjectProvider<TransactionObserver> observer,
			ObjectProvider<TetherReplicaConnectionDetails> replicaConnections) {
		return new TetherDataSourcePostProcessor(properties, listeners, observer, replicaConnections);
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

}
