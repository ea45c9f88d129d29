package dev.tether.faults;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tether.replica.probe-timeout} (at least 1 ms, at most the probe interval) and the missed
 * probes (at least 1), checked at startup, naming the property and its range.
 */
class ProbeTimeoutSettingsTests {

	@Test
	void aProbeTimeoutLongerThanTheIntervalFailsStartupNamingTheProperty() {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
					"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
					"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl(), "tether.replica.probe-interval=1s",
					"tether.replica.probe-timeout=2s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tether.replica.probe-timeout must be at least 1ms and at most tether.replica.probe-interval"));
	}

	@Test
	void aZeroProbeTimeoutFailsStartupNamingThePropertyAndItsRange() {
		assertThat(failure("tether.replica.probe-timeout=0ms"))
			.contains("tether.replica.probe-timeout must be at least 1ms and at most tether.replica.probe-interval (PT0.75S)");
	}

	@Test
	void noMissedProbeFailsStartupNamingTheProperty() {
		assertThat(failure("tether.replica.down-after-missed-probes=0"))
			.contains("tether.replica.down-after-missed-probes must be at least 1, but was 0");
		assertThat(failure("tether.replica.primary-down-after-missed-probes=-1"))
			.contains("tether.replica.primary-down-after-missed-probes must be at least 1, but was -1");
	}

	@Test
	void theDefaultsGiveThePrimaryOneMissMoreThanAReplica() {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		runner(cluster).run((context) -> {
			dev.tether.replica.DownDetection detection = context.getBean(javax.sql.DataSource.class)
				.unwrap(dev.tether.routing.TetherDataSource.class)
				.getMonitor()
				.downDetection();
			assertThat(detection.probeTimeout()).hasMillis(400);
			assertThat(detection.replicaMisses()).isEqualTo(2);
			assertThat(detection.primaryMisses()).isEqualTo(3);
		});
	}

	private static String failure(String property) {
		String[] message = new String[1];
		runner(SharedReplicatedPostgres.get()).withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = context.getStartupFailure();
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			message[0] = cause.getMessage();
		});
		return message[0];
	}

	private static ApplicationContextRunner runner(EmbeddedReplicatedPostgres cluster) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
					"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
					"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl());
	}

	@Test
	void theDefaultProbeTimeoutFollowsAShortProbeInterval() {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
					"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
					"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl(), "tether.replica.probe-interval=200ms")
			.run((context) -> assertThat(context.getBean(javax.sql.DataSource.class)
				.unwrap(dev.tether.routing.TetherDataSource.class)
				.getMonitor()
				.probeTimeout()).hasMillis(200));
	}

}
