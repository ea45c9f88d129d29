package dev.tether.benchmarks;

import javax.sql.DataSource;

import dev.tether.routing.RoutingAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Tether as an application gets it: {@code spring.datasource.*} for the primary, one
 * {@code tether.replicas.replica-1.url}, every other setting the starter's default, the router
 * wired by Boot's auto-configuration (its pools are Boot's and Tether's defaults, not the
 * benchmark's four connections: one benchmark thread never needs more than one).
 */
final class BootStack implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	BootStack(BenchmarkCluster cluster) {
		this.context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.main.banner-mode=off", "spring.datasource.url=" + cluster.cluster.primary().jdbcUrl(),
					"spring.datasource.username=" + cluster.cluster.username(),
					"spring.datasource.password=" + cluster.cluster.password(),
					"tether.replicas.replica-1.url=" + cluster.cluster.replica(0).jdbcUrl())
			.run();
	}

	DataSource dataSource() {
		return this.context.getBean(DataSource.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class })
	static class Application {

	}

}
