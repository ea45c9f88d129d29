package dev.tether.metrics;

import java.util.List;

import javax.sql.DataSource;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TransactionObserver;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class TetherMetricsAutoConfigurationTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class,
				ObservationAutoConfiguration.class, TetherMetricsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=2",
				"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl(),
				"tether.replicas.replica-1.pool.maximum-pool-size=2");

	@Test
	void registersTheRoutingMetersUpFrontForEveryNode() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RoutingMeters.class)
				.hasSingleBean(ReplicaPoolMetrics.class)
				.doesNotHaveBean(TransactionObserver.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("tether.routing.decisions")
				.tags("target", "replica", "replica", "replica-1", "reason", "read-only")
				.counter()
				.count()).isZero();
			assertThat(registry.get("tether.routing.decisions")
				.tags("target", "primary", "replica", "none", "reason", "force-master")
				.counter()
				.getId()
				.getDescription()).isNotBlank();
			assertThat(registry.get("tether.routing.mismatches").counters()).hasSize(2);
			assertThat(registry.get("tether.routing.fallbacks").tag("replica", "replica-1").counters()).hasSize(3);
			assertThat(registry.get("tether.routing.refusals").tag("replica", "replica-1").counter().count()).isZero();
			assertThat(registry.get("tether.routing.transactions").timers()).hasSize(4);
			assertThat(registry.get("tether.routing.acquisitions").timers()).hasSize(2);
		});
	}

	@Test
	void hikariPoolMetricsCoverThePrimaryAndEveryReplicaPoolAfterWrapping() {
		this.runner.run((context) -> {
			readOnlyThenReadWrite(context.getBean(DataSource.class));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("hikaricp.connections.max").gauges())
				.extracting((gauge) -> gauge.getId().getTag("pool"))
				.containsExactlyInAnyOrder("tether-primary", "tether-replica-replica-1");
			assertThat(registry.get("hikaricp.connections.acquire").tag("pool", "tether-replica-replica-1").timer().count())
				.isPositive();
			assertThat(registry.get("jdbc.connections.max").gauge().value())
				.as("Boot's own pool metrics still unwrap the router to the primary pool")
				.isEqualTo(2);
		});
	}

	@Test
	void backsOffFromAUserRoutingMetersBean() {
		this.runner.withUserConfiguration(UserMeters.class)
			.run((context) -> assertThat(context).getBean(RoutingMeters.class).isSameAs(UserMeters.METERS));
	}

	@Test
	void disabledByPropertyRegistersNothing() {
		this.runner.withPropertyValues("tether.metrics.enabled=false", "tether.metrics.observations.enabled=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RoutingMeters.class)
					.doesNotHaveBean(ReplicaPoolMetrics.class)
					.doesNotHaveBean(TransactionObserver.class);
				readOnlyThenReadWrite(context.getBean(DataSource.class));
				assertThat(context.getBean(MeterRegistry.class).find("tether.routing.decisions").meters()).isEmpty();
			});
	}

	@Test
	void registersNothingWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core", "io.micrometer.observation"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RoutingMeters.class)
				.doesNotHaveBean(ReplicaPoolMetrics.class)
				.doesNotHaveBean(TransactionObserver.class));
	}

	@Test
	void observationsAreOffUnlessEnabled() {
		this.runner.run((context) -> {
			readOnlyThenReadWrite(context.getBean(DataSource.class));
			assertThat(context.getBean(MeterRegistry.class).find("tether.routing.transaction").meters()).isEmpty();
		});
	}

	@Test
	void enabledObservationsTimeEveryRoutedTransactionByTargetAndReason() {
		this.runner.withPropertyValues("tether.metrics.observations.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(TransactionObserver.class);
			readOnlyThenReadWrite(context.getBean(DataSource.class));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("tether.routing.transaction")
				.tags("target", "replica", "replica", "replica-1", "reason", "read-only", "outcome", "commit")
				.timer()
				.count()).isOne();
			assertThat(registry.get("tether.routing.transaction")
				.tags("target", "primary", "replica", "none", "reason", "read-write", "outcome", "commit")
				.timer()
				.count()).isOne();
		});
	}

	@Test
	void observationsNeedAnObservationRegistry() {
		this.runner.withClassLoader(new FilteredClassLoader(io.micrometer.observation.ObservationRegistry.class))
			.withPropertyValues("tether.metrics.observations.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(RoutingMeters.class)
				.doesNotHaveBean(TransactionObserver.class));
	}

	private static void readOnlyThenReadWrite(DataSource dataSource) {
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
		transactions.setReadOnly(true);
		Boolean onReplica = transactions
			.execute((status) -> jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class));
		assertThat(onReplica).isTrue();
		transactions.setReadOnly(false);
		Boolean onPrimaryToo = transactions
			.execute((status) -> jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class));
		assertThat(onPrimaryToo).isFalse();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMeters {

		static final RoutingMeters METERS = new RoutingMeters(new SimpleMeterRegistry(), List.of());

		@Bean
		RoutingMeters userRoutingMeters() {
			return METERS;
		}

	}

}
