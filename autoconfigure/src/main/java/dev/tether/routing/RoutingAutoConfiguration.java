package dev.tether.routing;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import dev.tether.routing.web.CausalTokenFilter;
import dev.tether.routing.web.CausalTokenInterceptor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Read/write routing: wraps the primary {@link DataSource} in a {@link TetherDataSource}, applies
 * {@code @ForceMaster}, and carries the routing context onto task executors.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DataSource.class, com.zaxxer.hikari.HikariDataSource.class })
@ConditionalOnBooleanProperty(name = "tether.routing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RoutingProperties.class)
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
	@ConditionalOnSingleCandidate(DataSource.class)
	CausalTokens tetherCausalTokens(DataSource dataSource) throws java.sql.SQLException {
		return new CausalTokens(dataSource.unwrap(TetherDataSource.class));
	}

	@Bean
	@ConditionalOnMissingBean
	RoutingContextTaskDecorator tetherRoutingContextTaskDecorator() {
		return new RoutingContextTaskDecorator();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.http.client.ClientHttpRequestInterceptor")
	static class Web {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(CausalTokens.class)
		CausalTokenInterceptor tetherCausalTokenInterceptor(CausalTokens tokens) {
			return new CausalTokenInterceptor(tokens);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		@ConditionalOnClass(name = "jakarta.servlet.Filter")
		@ConditionalOnBean(CausalTokens.class)
		CausalTokenFilter tetherCausalTokenFilter(CausalTokens tokens) {
			return new CausalTokenFilter(tokens);
		}

	}

}
