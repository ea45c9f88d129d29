package dev.tether.boot;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.actuate.TetherEndpointAutoConfiguration;
import dev.tether.actuate.TetherHealthContributorAutoConfiguration;
import dev.tether.actuate.TetherHealthIndicator;
import dev.tether.batch.BatchAutoConfiguration;
import dev.tether.metrics.TetherMetricsAutoConfiguration;
import dev.tether.retry.RetryAutoConfiguration;
import dev.tether.routing.CausalTokens;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TetherDataSource;
import dev.tether.routing.TetherRouters;
import dev.tether.routing.web.CausalTokenFilter;
import dev.tether.routing.web.CausalTokenInterceptor;
import dev.tether.routing.web.CausalTokenWebAutoConfiguration;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tether routes the one DataSource that {@code spring.datasource} describes (Boot's, or the
 * application's own {@code @Primary} bean), or the one {@code tether.routing.data-source} names,
 * leaves the others alone, and backs off without a DataSource, on a real primary and replica.
 */
@ExtendWith(OutputCaptureExtension.class)
class DataSourceArrangementsTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	static final AutoConfigurations TETHER = AutoConfigurations.of(RoutingAutoConfiguration.class,
			CausalTokenWebAutoConfiguration.class, TetherHealthContributorAutoConfiguration.class,
			TetherEndpointAutoConfiguration.class, TetherMetricsAutoConfiguration.class, RetryAutoConfiguration.class,
			BatchAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TETHER)
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, HealthContributorAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=2", "tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl(),
				"tether.replicas.replica-1.pool.maximum-pool-size=2");

	@Test
	void withoutADataSourceEveryFeatureThatNeedsTheRouterBacksOff() {
		// the arrangement of spring-petclinic's CrashControllerIntegrationTests: DataSource auto-configuration excluded
		new WebApplicationContextRunner().withConfiguration(TETHER)
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class))
			.withPropertyValues("tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(DataSource.class)
					.doesNotHaveBean(TetherHealthIndicator.class)
					.doesNotHaveBean(CausalTokens.class)
					.doesNotHaveBean(CausalTokenFilter.class)
					.doesNotHaveBean(CausalTokenInterceptor.class);
				assertThat(context.getBean(TetherRouters.class).routed()).isEmpty();
			});
	}

	@Test
	void theAutoConfiguredDataSourceIsRoutedAndItsFeaturesAreThere() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(TetherHealthIndicator.class)
				.hasSingleBean(CausalTokens.class)
				.hasSingleBean(CausalTokenInterceptor.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(TetherDataSource.class);
			assertThat(context.getBean(TetherRouters.class).routed()).containsSame((TetherDataSource) context.getBean(DataSource.class));
			assertThat(readOnlyAnswer(context.getBean(DataSource.class))).as("read-only transaction on a replica").isTrue();
		});
	}

	@Test
	void anApplicationsOwnPrimaryDataSourceIsRoutedAndASecondPoolIsLeftAlone(CapturedOutput output) {
		this.runner.withUserConfiguration(OwnPrimaryAndReports.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(CausalTokens.class).hasSingleBean(TetherHealthIndicator.class);
			DataSource app = context.getBean("appDataSource", DataSource.class);
			DataSource reports = context.getBean("reportsDataSource", DataSource.class);
			assertThat(app).isInstanceOf(TetherDataSource.class);
			assertThat(reports).isInstanceOf(HikariDataSource.class);
			assertThat(TetherDataSource.find(reports)).isNull();
			assertThat(readOnlyAnswer(app)).as("the routed bean reads on the replica").isTrue();
			assertThat(readOnlyAnswer(reports)).as("the other pool is left alone: primary").isFalse();
			assertThat(output).contains("Tether routes DataSource bean 'appDataSource' (the @Primary DataSource bean)")
				.contains("tether.routing.data-source");
		});
	}

	@Test
	void aPlainHikariDataSourceBeanOfTheApplicationIsRoutedLikeBoots() {
		this.runner.withUserConfiguration(PlainHikari.class).run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(TetherDataSource.class);
			assertThat(dataSource.unwrap(HikariDataSource.class).getPoolName()).isEqualTo("own-pool");
			assertThat(readOnlyAnswer(dataSource)).isTrue();
		});
	}

	@Test
	void severalDataSourcesAndNoneChosenRouteNothingAndSayHowToChoose(CapturedOutput output) {
		this.runner.withUserConfiguration(TwoWithoutPrimary.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(CausalTokens.class)
				.doesNotHaveBean(TetherHealthIndicator.class);
			assertThat(context.getBean("first", DataSource.class)).isInstanceOf(HikariDataSource.class);
			assertThat(context.getBean("second", DataSource.class)).isInstanceOf(HikariDataSource.class);
			assertThat(output).contains("Tether routes no DataSource").contains("tether.routing.data-source=<bean name>");
		});
	}

	@Test
	void thePropertyChoosesTheRoutedDataSource() {
		this.runner.withUserConfiguration(TwoWithoutPrimary.class)
			.withPropertyValues("tether.routing.data-source=second")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CausalTokens.class);
				assertThat(context.getBean("first", DataSource.class)).isInstanceOf(HikariDataSource.class);
				assertThat(context.getBean("second", DataSource.class)).isInstanceOf(TetherDataSource.class);
				assertThat(readOnlyAnswer(context.getBean("second", DataSource.class))).isTrue();
			});
	}

	@Test
	void aPropertyNamingNoDataSourceFailsAtStartupNamingTheCandidates() {
		this.runner.withUserConfiguration(TwoWithoutPrimary.class)
			.withPropertyValues("tether.routing.data-source=third")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tether.routing.data-source=third names no DataSource bean")
				.hasMessageContaining("[first, second]"));
	}

	@Test
	void inAServletApplicationRequestsGetTheCausalTokenFilter() {
		new WebApplicationContextRunner().withConfiguration(TETHER)
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
					"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
					"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CausalTokenFilter.class)
				.hasSingleBean(CausalTokenInterceptor.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CausalTokenFilter.class));
	}

	/** Whether a read-only transaction's first statement ran on a standby. */
	static boolean readOnlyAnswer(DataSource dataSource) {
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);
		return readOnly.execute((status) -> new JdbcTemplate(dataSource).queryForObject("select pg_is_in_recovery()",
				Boolean.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties
	static class OwnPrimaryAndReports {

		// Boot's documented pattern for an application's own DataSource beside a second one
		@Bean
		@Primary
		@ConfigurationProperties("spring.datasource")
		DataSourceProperties appDataSourceProperties() {
			return new DataSourceProperties();
		}

		@Bean
		@Primary
		@ConfigurationProperties("spring.datasource.hikari")
		HikariDataSource appDataSource(DataSourceProperties properties) {
			return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		}

		@Bean(defaultCandidate = false)
		HikariDataSource reportsDataSource() {
			return pool("reports");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainHikari {

		@Bean
		HikariDataSource ownDataSource() {
			return pool("own-pool");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoWithoutPrimary {

		@Bean
		HikariDataSource first() {
			return pool("first");
		}

		@Bean
		HikariDataSource second() {
			return pool("second");
		}

	}

	static HikariDataSource pool(String name) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName(name);
		pool.setJdbcUrl(cluster.primary().jdbcUrl());
		pool.setUsername(cluster.username());
		pool.setPassword(cluster.password());
		pool.setMaximumPoolSize(2);
		return pool;
	}

}
