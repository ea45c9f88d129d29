package dev.tether.actuate;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class TetherEndpointAutoConfigurationTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class,
				TetherEndpointAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=2",
				"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl() + "?password=" + cluster.password(),
				"tether.replicas.replica-1.pool.maximum-pool-size=2",
				"management.endpoints.web.exposure.include=tether");

	@Test
	void reportsNodesCountsAndMaskedSettings() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TetherEndpoint.class);
			new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("select 1", Integer.class);
			Map<String, Object> report = context.getBean(TetherEndpoint.class).tether();
			assertThat(report).containsOnlyKeys("nodes", "routing", "settings");
			assertThat(report.get("nodes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
				.extracting((node) -> ((Map<?, ?>) node).get("name") + "/" + ((Map<?, ?>) node).get("pool") + "/"
						+ ((Map<?, ?>) node).get("state").toString().replace("UP", "UNKNOWN"))
				.as("the replica is UNKNOWN until the monitor's first probe, then UP")
				.containsExactly("primary/tether-primary/UNKNOWN", "replica-1/tether-replica-replica-1/UNKNOWN");
			@SuppressWarnings("unchecked")
			Map<String, Object> primary = (Map<String, Object>) ((List<?>) report.get("nodes")).get(0);
			assertThat(primary).as("the primary's role changes")
				.containsEntry("roleChanges", 0L)
				.containsEntry("answersAsStandby", null);
			assertThat(report).extractingByKey("routing")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.extractingByKey("decisions")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.extractingByKey("replica")
				.isEqualTo(Map.of("read-only", 0L, "read-statement", 1L));
			assertThat(report.get("settings")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("spring.datasource.password", "******")
				.containsEntry("tether.replicas.replica-1.url", cluster.replica(0).jdbcUrl() + "?password=******")
				.containsEntry("tether.replicas.replica-1.password", null)
				.containsEntry("tether.replicas.replica-1.pool.connection-timeout", "1s")
				.containsEntry("tether.replicas.replica-1.pool.idle-timeout", "10m")
				.containsEntry("tether.guard.unbounded-dml", "fail")
				.containsEntry("tether.guard.max-rows-per-transaction", 0L)
				.containsEntry("tether.metrics.enabled", true);
			assertThat(report.toString()).doesNotContain(cluster.password());
		});
	}

	@Test
	void addsTheSectionsOfOtherFeaturesBeforeTheSettings() {
		this.runner.withBean(TetherEndpointContributor.class, () -> (report) -> report.put("retry", Map.of("attempts", 3)))
			.run((context) -> assertThat(context.getBean(TetherEndpoint.class).tether())
				.containsKeys("retry")
				.extractingFromEntries(Map.Entry::getKey)
				.containsExactly("nodes", "routing", "retry", "settings"));
	}

	@Test
	void theApplicationsSanitizingFunctionsCanHideMore() {
		this.runner.withBean(SanitizingFunction.class, () -> SanitizingFunction.sanitizeValue().ifLikelyUri())
			.run((context) -> assertThat(context.getBean(TetherEndpoint.class).tether().get("settings"))
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("tether.replicas.replica-1.url", "******")
				.containsEntry("tether.replicas.replica-1.weight", 1));
	}

	@Test
	void backsOffFromAUserEndpointBean() {
		this.runner.withUserConfiguration(UserEndpoint.class)
			.run((context) -> assertThat(context).getBean(TetherEndpoint.class).isSameAs(UserEndpoint.ENDPOINT));
	}

	@Test
	void notExposedMeansNoEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(TetherEndpoint.class));
	}

	@Test
	void accessNoneMeansNoEndpoint() {
		this.runner.withPropertyValues("management.endpoint.tether.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(TetherEndpoint.class));
	}

	@Test
	void routingOffMeansNoEndpoint() {
		this.runner.withPropertyValues("tether.routing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TetherEndpoint.class));
	}

	@Test
	void noActuatorMeansNoEndpoint() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TetherEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpoint {

		static final TetherEndpoint ENDPOINT = new TetherEndpoint(null, null, null, null);

		@Bean
		TetherEndpoint userTetherEndpoint() {
			return ENDPOINT;
		}

	}


}
