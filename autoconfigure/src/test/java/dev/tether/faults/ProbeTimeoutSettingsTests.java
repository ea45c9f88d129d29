package dev.tether.faults;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tether.replica.probe-timeout}: at most the probe interval, checked at startup. */
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
