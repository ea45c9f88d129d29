package dev.tether.actuate;

import javax.sql.DataSource;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.TetherDataSource;

import org.springframework.beans.factory.ObjectProvider;
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
 * is on, and {@code management.health.tether.enabled} is not {@code false}.
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(RoutingCounters.class)
@ConditionalOnEnabledHealthIndicator("tether")
@EnableConfigurationProperties(TetherHealthProperties.class)
public final class TetherHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "tetherHealthIndicator", "tetherHealthContributor" })
	TetherHealthIndicator tetherHealthIndicator(ObjectProvider<DataSource> dataSources,
			TetherHealthProperties properties) {
		TetherDataSource router = dataSources.stream(ObjectProvider.UNFILTERED, false)
			.map(TetherDataSource::find)
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Routing is on but no DataSource bean is a TetherDataSource"));
		return new TetherHealthIndicator(router, properties.getTimeout());
	}

}
