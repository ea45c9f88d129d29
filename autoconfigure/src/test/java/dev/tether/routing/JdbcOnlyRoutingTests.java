package dev.tether.routing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import dev.tether.annotation.ForceMaster;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Routing with {@code DataSourceTransactionManager} and {@code JdbcTemplate} only (no JPA), and
 * the fallback to the primary when a replica cannot give a connection.
 */
class JdbcOnlyRoutingTests {

	private static final EmbeddedReplicatedPostgres cluster = ReplicatedPostgresProperties.cluster();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				TransactionAutoConfiguration.class, AopAutoConfiguration.class, RoutingAutoConfiguration.class))
		.withUserConfiguration(Services.class)
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=2");

	@Test
	void dataSourceTransactionManagerTransactionsAreRoutedByTheirReadOnlyFlag() {
		this.runner.withPropertyValues("tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl())
			.run((context) -> {
				assertThat(context.getBean(PlatformTransactionManager.class))
					.isInstanceOf(DataSourceTransactionManager.class);
				Reads reads = context.getBean(Reads.class);
				assertThat(reads.readOnly()).isTrue();
				assertThat(reads.readWrite()).isFalse();
				assertThat(reads.forced()).isFalse();
				assertThatExceptionOfType(ReplicaMismatchException.class).isThrownBy(reads::lockingRead)
					.withMessageContaining(Reads.class.getName() + ".lockingRead");
			});
	}

	@Test
	void aReplicaThatCannotGiveAConnectionSendsTheTransactionToThePrimaryAndIsCounted() throws IOException {
		this.runner
			.withPropertyValues("tether.replicas.dead.url=jdbc:postgresql://127.0.0.1:" + freePort() + "/tether",
					"tether.replicas.dead.pool.connection-timeout=250ms",
					// the monitor's first probe must not find the replica DOWN before the read does
					// (it raced the read on a loaded machine): a probe that waits minutes for its
					// first connection leaves the replica UNKNOWN, routable, for the whole test
					"tether.replica.probe-interval=1h", "tether.replica.probe-timeout=10m")
			.run((context) -> {
				RoutingCounters counters = context.getBean(RoutingCounters.class);
				Reads reads = context.getBean(Reads.class);
				long started = System.nanoTime();
				assertThat(reads.readOnly()).as("served by the replica").isFalse();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
				assertThat(counters.fallbacks()).isEqualTo(1);
				assertThat(counters.fallbacks("dead")).isEqualTo(1);
				assertThat(counters.lastFallback("dead").cause()).isEqualTo(FallbackCause.CONNECTION_FAILED);
				assertThat(counters.decisions(RoutingTarget.PRIMARY, RoutingReason.FALLBACK)).isEqualTo(1);
				assertThatExceptionOfType(ReplicaMismatchException.class)
					.as("a read-only transaction on the primary still refuses writes")
					.isThrownBy(reads::lockingRead);
			});
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Services {

		@Bean
		Reads reads(JdbcTemplate jdbc) {
			return new Reads(jdbc);
		}

	}

	static class Reads {

		private final JdbcTemplate jdbc;

		Reads(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public boolean readOnly() {
			return inRecovery();
		}

		@Transactional
		public boolean readWrite() {
			return inRecovery();
		}

		@ForceMaster
		@Transactional(readOnly = true)
		public boolean forced() {
			return inRecovery();
		}

		@Transactional(readOnly = true)
		public boolean lockingRead() {
			return Boolean.TRUE.equals(this.jdbc.queryForObject("select pg_is_in_recovery() for update", Boolean.class));
		}

		private boolean inRecovery() {
			return Boolean.TRUE.equals(this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class));
		}

	}

}
