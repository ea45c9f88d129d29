package dev.tether.actuate;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.ConditionalOnRoutedDataSource;
import dev.tether.routing.TetherRouters;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tether} health contributor, when Spring Boot's health support is present, routing
 * is on and routes a {@code DataSource} of the context, and {@code management.health.tether.enabled}
 * is not {@code false}. A context without a routed {@code DataSource} (a {@code @WebMvcTest}, a
 * configuration that excludes {@code DataSourceAutoConfiguration}) has nothing to report: no
 * contributor.
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(RoutingCounters.class)
@ConditionalOnRoutedDataSource
@ConditionalOnEnabledHealthIndicator("tether")
@EnableConfigurationProperties(TetherHealthProperties.class)
public final class TetherHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "tetherHealthIndicator", "tetherHealthContributor" })
	TetherHealthIndicator tetherHealthIndicator(TetherRouters routers, TetherHealthProperties properties) {
		return new TetherHealthIndicator(routers.required(), properties.getTimeout());
	}

}
