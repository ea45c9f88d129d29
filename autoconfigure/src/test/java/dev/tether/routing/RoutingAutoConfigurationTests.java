package dev.tether.routing;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RoutingAutoConfigurationTests {

	private static final EmbeddedReplicatedPostgres cluster = ReplicatedPostgresProperties.cluster();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=2");

	private final String replica = "tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl();

	@Test
	void wrapsThePrimaryAndRoutesReadsToTheConfiguredReplica() {
		this.runner.withPropertyValues(this.replica, "tether.replicas.replica-1.pool.maximum-pool-size=2")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource).isInstanceOf(TetherDataSource.class);
				assertThat(context).hasSingleBean(RoutingCounters.class)
					.hasSingleBean(ForceMasterAdvisor.class)
					.hasSingleBean(RoutingContextTaskDecorator.class);
				assertThat(new JdbcTemplate(dataSource).queryForObject("select pg_is_in_recovery()", Boolean.class))
					.as("replica credentials default to the primary's").isTrue();
				assertThat(dataSource.unwrap(HikariDataSource.class).getJdbcUrl())
					.isEqualTo(cluster.primary().jdbcUrl());
			});
	}

	@Test
	void namesThePrimaryPoolLikeTheReplicaPoolsUnlessTheApplicationNamedIt() {
		this.runner.run((context) -> assertThat(context.getBean(DataSource.class).unwrap(HikariDataSource.class)
			.getPoolName()).isEqualTo("tether-primary"));
		this.runner.withPropertyValues("spring.datasource.hikari.pool-name=orders")
			.run((context) -> assertThat(context.getBean(DataSource.class).unwrap(HikariDataSource.class)
				.getPoolName()).isEqualTo("orders"));
		this.runner.withPropertyValues("spring.datasource.name=inventory")
			.run((context) -> assertThat(context.getBean(DataSource.class).unwrap(HikariDataSource.class)
				.getPoolName()).isEqualTo("inventory"));
	}

	@Test
	void withoutReplicasConnectionsAreGuardedAndEverythingRunsOnThePrimary() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(TetherDataSource.class);
			try (var connection = dataSource.getConnection()) {
				assertThat(connection).isInstanceOf(RoutingConnection.class);
			}
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			assertThat(jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class)).isFalse();
			assertThatExceptionOfType(StatementGuardException.class)
				.isThrownBy(() -> jdbc.update("delete from pg_temp.nothing_here"));
		});
	}

	@Test
	void withoutReplicasAndWithEveryGuardOffConnectionsComeStraightFromThePrimary() {
		this.runner.withPropertyValues("tether.guard.unbounded-dml=off").run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			try (var connection = dataSource.getConnection()) {
				assertThat(connection).isNotInstanceOf(RoutingConnection.class);
				assertThat(connection.getClass().getName()).startsWith("com.zaxxer.hikari.pool.HikariProxyConnection");
			}
		});
	}

	@Test
	void guardPropertiesReachTheRouter() {
		this.runner
			.withPropertyValues("tether.guard.unbounded-dml=warn", "tether.guard.max-rows-per-transaction=5000",
					"tether.guard.max-rows-action=warn")
			.run((context) -> assertThat(TetherDataSource.find(context.getBean(DataSource.class)).getGuards())
				.isEqualTo(new StatementGuards(GuardAction.WARN, 5000, GuardAction.WARN)));
		this.runner.run((context) -> assertThat(TetherDataSource.find(context.getBean(DataSource.class)).getGuards())
			.isEqualTo(StatementGuards.defaults()));
	}

	@Test
	void aNegativeRowLimitFailsAtStartupNamingTheProperty() {
		this.runner.withPropertyValues("tether.guard.max-rows-per-transaction=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tether.guard.max-rows-per-transaction must be 0 (no limit) or a positive number");
		});
		this.runner.withPropertyValues("tether.guard.unbounded-dml=maybe").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("tether.guard.unbounded-dml");
		});
	}

	@Test
	void closingTheContextClosesTheReplicaPoolsAndThePrimary() {
		HikariDataSource[] pools = new HikariDataSource[2];
		this.runner.withPropertyValues(this.replica).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			pools[0] = dataSource.unwrap(HikariDataSource.class);
			pools[1] = TetherDataSource.find(dataSource).getReplicas().get("replica-1").unwrap(HikariDataSource.class);
			assertThat(pools).allSatisfy((pool) -> assertThat(pool.isClosed()).isFalse());
		});
		// Spring destroys the raw primary bean, not the router that replaced it: the router must be closed too
		assertThat(pools).allSatisfy((pool) -> assertThat(pool.isClosed()).isTrue());
	}

	@Test
	void disabledByPropertyLeavesTheDataSourceAlone() {
		this.runner.withPropertyValues(this.replica, "tether.routing.enabled=false").run((context) -> {
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			assertThat(context).doesNotHaveBean(ForceMasterAdvisor.class);
		});
	}

	@Test
	void backsOffFromAUserCountersBean() {
		this.runner.withUserConfiguration(UserCounters.class)
			.run((context) -> assertThat(context).getBean(RoutingCounters.class).isSameAs(UserCounters.COUNTERS));
	}

	@Test
	void doesNothingWithoutHikari() {
		this.runner.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.withPropertyValues("spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource")
			.run((context) -> assertThat(context).doesNotHaveBean(RoutingCounters.class));
	}

	@Test
	void replicaWithoutUrlFailsAtStartupSayingWhatToSet() {
		this.runner.withPropertyValues("tether.replicas.replica-1.username=app").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tether.replicas.replica-1.url is required");
		});
	}

	@Test
	void malformedWeightFailsAtStartupNamingTheProperty() {
		this.runner.withPropertyValues(this.replica, "tether.replicas.replica-1.weight=heavy").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'tether.replicas.replica-1.weight' to int");
		});
	}

	@Test
	void zeroWeightFailsAtStartupWithTheAllowedRange() {
		this.runner.withPropertyValues(this.replica, "tether.replicas.replica-1.weight=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tether.replicas.replica-1.weight must be between 1 and 100 (was 0)");
		});
	}

	@Test
	void replicaNameThatCannotBeAMetricTagFailsAtStartup() {
		this.runner.withPropertyValues("tether.replicas.[eu west].url=" + cluster.replica(0).jdbcUrl())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Replica name 'eu west'")
					.hasMessageContaining("letters, digits, '-' or '_'");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCounters {

		static final RoutingCounters COUNTERS = new RoutingCounters();

		@Bean
		RoutingCounters userCounters() {
			return COUNTERS;
		}

	}

}
