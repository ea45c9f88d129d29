package dev.tether.routing.migration;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TetherDataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Schema migrations run on the primary's own pool, not through the router: Flyway (as Spring Boot
 * configures it) and every Liquibase {@code SpringLiquibase} bean that would migrate through a
 * routed {@code DataSource} get the router's primary instead. A migration is schema work for the
 * primary alone; through the router its auto-commit reads could go to a replica that has not
 * replayed the DDL before them, and the statement guards would refuse what migrations do on
 * purpose (a backfill {@code UPDATE} of a whole table, Liquibase's own
 * {@code DELETE FROM databasechangeloglock}).
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class,
		beforeName = { "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "tether.routing.enabled", matchIfMissing = true)
public final class MigrationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.flywaydb.core.Flyway",
			"org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer" })
	static class Flyway {

		/** Applied after Boot set the migration's DataSource (customizers run last). */
		@Bean
		FlywayConfigurationCustomizer tetherFlywayOnPrimary() {
			return (configuration) -> {
				TetherDataSource router = (configuration.getDataSource() != null)
						? TetherDataSource.find(configuration.getDataSource()) : null;
				if (router != null) {
					configuration.dataSource(router.getPrimary());
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "liquibase.integration.spring.SpringLiquibase")
	static class Liquibase {

		@Bean
		static LiquibaseOnPrimaryPostProcessor tetherLiquibaseOnPrimary() {
			return new LiquibaseOnPrimaryPostProcessor();
		}

	}

}
