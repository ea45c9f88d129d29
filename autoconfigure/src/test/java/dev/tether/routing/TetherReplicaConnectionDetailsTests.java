package dev.tether.routing;

import javax.sql.DataSource;

import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Replicas given as {@link TetherReplicaConnectionDetails} beans, alone and merged with {@code tether.replicas.*}. */
class TetherReplicaConnectionDetailsTests {

	private static final EmbeddedReplicatedPostgres cluster = ReplicatedPostgresProperties.cluster();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				TransactionAutoConfiguration.class, AopAutoConfiguration.class, RoutingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=2");

	@Test
	void aConnectionDetailsBeanIsAReplicaThatReadOnlyTransactionsReach() {
		this.runner.withBean("replicaDetails", TetherReplicaConnectionDetails.class, () -> details("from-bean", null))
			.run((context) -> {
				assertThat(context.getBean(DataSource.class).unwrap(TetherDataSource.class).getReplicaNames())
					.containsExactly("from-bean");
				assertThat(readOnlyRunsOnReplica(context.getBean(PlatformTransactionManager.class),
						context.getBean(JdbcTemplate.class))).isTrue();
			});
	}

	@Test
	void connectionDetailsBeansAreAddedToTheConfiguredReplicas() {
		this.runner.withPropertyValues("tether.replicas.configured.url=" + cluster.replica(0).jdbcUrl())
			.withBean("first", TetherReplicaConnectionDetails.class, () -> details("bean-1", null))
			.withBean("second", TetherReplicaConnectionDetails.class, () -> details("bean-2", cluster.username()))
			.run((context) -> assertThat(context.getBean(DataSource.class).unwrap(TetherDataSource.class).getReplicaNames())
				.containsExactly("configured", "bean-1", "bean-2"));
	}

	@Test
	void aConnectionDetailsBeanNamedLikeAConfiguredReplicaGivesItsUrl() {
		// The configured URL points nowhere: a read that reaches the replica proves the bean's URL won.
		this.runner
			.withPropertyValues("tether.replicas.replica-1.url=jdbc:postgresql://127.0.0.1:1/nowhere",
					"tether.replicas.replica-1.weight=3", "tether.replicas.replica-1.pool.connection-timeout=250ms")
			.withBean("replicaDetails", TetherReplicaConnectionDetails.class, () -> details("replica-1", null))
			.run((context) -> {
				assertThat(context.getBean(DataSource.class).unwrap(TetherDataSource.class).getReplicaNames())
					.containsExactly("replica-1");
				assertThat(readOnlyRunsOnReplica(context.getBean(PlatformTransactionManager.class),
						context.getBean(JdbcTemplate.class))).isTrue();
			});
	}

	@Test
	void aConnectionDetailsBeanWithAnInvalidNameFailsTheStartupNamingTheFix() {
		this.runner.withBean("replicaDetails", TetherReplicaConnectionDetails.class, () -> details("no spaces", null))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Replica name 'no spaces'")
				.hasMessageContaining("TetherReplicaConnectionDetails"));
	}

	private static boolean readOnlyRunsOnReplica(PlatformTransactionManager transactions, JdbcTemplate jdbc) {
		TransactionTemplate template = new TransactionTemplate(transactions);
		template.setReadOnly(true);
		return Boolean.TRUE.equals(
				template.execute((status) -> jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class)));
	}

	private static TetherReplicaConnectionDetails details(String name, String username) {
		return new TetherReplicaConnectionDetails() {

			@Override
			public String getName() {
				return name;
			}

			@Override
			public String getJdbcUrl() {
				return cluster.replica(0).jdbcUrl();
			}

			@Override
			public String getUsername() {
				return username;
			}

			@Override
			public String getPassword() {
				return (username != null) ? cluster.password() : null;
			}

			@Override
			public String toString() {
				return "replica '" + name + "'";
			}

		};
	}

}
