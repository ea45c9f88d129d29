package dev.tether.actuate;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TetherHealthContributorAutoConfigurationTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class,
				TetherHealthContributorAutoConfiguration.class))
		.withPropertyValues("spring.datasource.username=" + cluster.username(),
				"spring.datasource.password=" + cluster.password(), "spring.datasource.hikari.maximum-pool-size=2",
				"spring.datasource.hikari.connection-timeout=250", "tether.health.timeout=1s");

	private final String primary = "spring.datasource.url=" + cluster.primary().jdbcUrl();

	private final String replica = "tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl();

	@Test
	void upWithEveryNodeAsADetail() {
		this.runner.withPropertyValues(this.primary, this.replica).run((context) -> {
			Health health = context.getBean("tetherHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("primary", Map.of("status", "UP"))
				.containsEntry("replicas", Map.of("replica-1", Map.of("status", "UP")));
		});
	}

	@Test
	void aDeadReplicaBesideALiveOneIsADetailOfAnUpStatus() throws IOException {
		this.runner.withPropertyValues(this.primary, this.replica, deadReplica("dead")).run((context) -> {
			Health health = context.getBean(TetherHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).extractingByKey("replicas")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.extractingByKey("dead")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("status", "DOWN")
				.containsKey("error");
		});
	}

	@Test
	void everyReplicaDownIsDegradedWhichNeitherFailsTheAggregateNorLiveness() throws IOException {
		this.runner.withPropertyValues(this.primary, deadReplica("dead"))
			.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
					ApplicationAvailabilityAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
					AvailabilityProbesAutoConfiguration.class))
			.withPropertyValues("management.endpoint.health.probes.enabled=true")
			.run((context) -> {
				// What SpringApplication publishes once the application has started.
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				assertThat(context.getBean(TetherHealthIndicator.class).health().getStatus())
					.isEqualTo(TetherHealthIndicator.DEGRADED);
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				CompositeHealthDescriptor all = (CompositeHealthDescriptor) endpoint.health();
				assertThat(all.getComponents()).containsKey("tether");
				assertThat(all.getComponents().get("tether").getStatus().getCode()).isEqualTo("DEGRADED");
				assertThat(all.getStatus()).as("the aggregate").isEqualTo(Status.UP);
				assertThat(endpoint.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
				assertThat(endpoint.healthForPath("liveness", "tether")).as("liveness holds no tether").isNull();
			});
	}

	@Test
	void aPrimaryThatDoesNotAnswerIsDownWithinTheTimeout() throws IOException {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + freePort() + "/tether",
				"spring.datasource.hikari.connection-timeout=30000", "tether.health.timeout=500ms", this.replica)
			.run((context) -> {
				long started = System.nanoTime();
				Health health = context.getBean(TetherHealthIndicator.class).health();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).extractingByKey("primary")
					.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsEntry("error", "No answer within 500ms");
			});
	}

	@Test
	void backsOffFromAUserContributorNamedTether() {
		this.runner.withPropertyValues(this.primary, this.replica)
			.withUserConfiguration(UserIndicator.class)
			.run((context) -> assertThat(context).doesNotHaveBean(TetherHealthIndicator.class)
				.hasBean("tetherHealthIndicator"));
	}

	@Test
	void disabledWithSpringBootsHealthProperty() {
		this.runner.withPropertyValues(this.primary, this.replica, "management.health.tether.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TetherHealthIndicator.class));
	}

	@Test
	void nothingWithoutSpringBootsHealthSupport() {
		this.runner.withPropertyValues(this.primary, this.replica)
			.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TetherHealthIndicator.class));
	}

	private static String deadReplica(String name) throws IOException {
		return "tether.replicas." + name + ".url=jdbc:postgresql://127.0.0.1:" + freePort() + "/tether";
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicator {

		@Bean
		HealthIndicator tetherHealthIndicator() {
			return () -> Health.up().build();
		}

	}

}
