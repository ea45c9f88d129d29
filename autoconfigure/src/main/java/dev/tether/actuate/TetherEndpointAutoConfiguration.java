package dev.tether.actuate;

import javax.sql.DataSource;

import dev.tether.retry.RetryBudget;
import dev.tether.retry.RetryCounters;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.RoutingProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code tether} Actuator endpoint, when Actuator is present, routing is on, and the endpoint
 * is available (Spring Boot's {@code management.endpoint.tether.access} and
 * {@code management.endpoints.web.exposure.include} decide).
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ RoutingCounters.class, RoutingProperties.class })
@ConditionalOnAvailableEndpoint(TetherEndpoint.class)
public final class TetherEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TetherSettings tetherSettings(RoutingProperties routing, Environment environment,
			ObjectProvider<SanitizingFunction> sanitizingFunctions) {
		return new TetherSettings(routing, environment, sanitizingFunctions.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	TetherEndpoint tetherEndpoint(ObjectProvider<DataSource> dataSources, RoutingCounters counters,
			ObjectProvider<TetherEndpointContributor> contributors, TetherSettings settings) {
		return new TetherEndpoint(dataSources, counters, contributors, settings);
	}

	@Bean
	TetherEndpointContributor tetherRetryEndpointContributor(ObjectProvider<RetryCounters> counters,
			ObjectProvider<RetryBudget> budget) {
		return new RetrySection(counters, budget);
	}

}
