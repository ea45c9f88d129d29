package dev.tether.routing;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The two switches: {@code tether.guard.enabled} turns the statement guards off and keeps the
 * routing; {@code tether.routing.enabled} takes Tether off the DataSource, guards included.
 */
class GuardSwitchTests {

	private static final EmbeddedReplicatedPostgres cluster = ReplicatedPostgresProperties.cluster();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=2");

	private final String replica = "tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl();

	@Test
	void byDefaultTheGuardsRefuseAnUnboundedDeleteWithAReplica() {
		this.runner.withPropertyValues(this.replica).run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(TetherDataSource.find(context.getBean(DataSource.class)).getGuards())
				.isEqualTo(StatementGuards.defaults());
			assertThatExceptionOfType(StatementGuardException.class)
				.isThrownBy(() -> jdbc.update("delete from guard_switch_probe"));
		});
	}

	@Test
	void guardEnabledFalseSwitchesEveryGuardOffAndKeepsTheRouting() {
		// a row limit is set too: the switch turns off every guard, not only the default one
		this.runner
			.withPropertyValues(this.replica, "tether.guard.enabled=false", "tether.guard.max-rows-per-transaction=1")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(TetherDataSource.find(dataSource).getGuards()).isEqualTo(StatementGuards.none());
				JdbcTemplate jdbc = new JdbcTemplate(dataSource);
				// before any write: after one, read-your-writes keeps this thread's reads on the primary
				assertThat(jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class))
					.as("reads still go to the replica").isTrue();
				jdbc.execute("create table guard_switch_probe (id int)");
				try {
					jdbc.update("insert into guard_switch_probe values (1), (2)");
					assertThat(jdbc.update("delete from guard_switch_probe")).isEqualTo(2);
				}
				finally {
					jdbc.execute("drop table guard_switch_probe");
				}
			});
	}

	@Test
	void guardEnabledFalseWithoutReplicasGivesThePrimarysOwnConnections() {
		this.runner.withPropertyValues("tether.guard.enabled=false").run((context) -> {
			try (var connection = context.getBean(DataSource.class).getConnection()) {
				assertThat(connection).isNotInstanceOf(RoutingConnection.class);
				assertThat(connection.getClass().getName()).startsWith("com.zaxxer.hikari.pool.HikariProxyConnection");
			}
		});
	}

	@Test
	void routingEnabledFalseTakesTetherOffTheDataSourceGuardsIncluded() {
		this.runner.withPropertyValues(this.replica, "tether.routing.enabled=false").run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(HikariDataSource.class);
			assertThat(TetherDataSource.find(dataSource)).isNull();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute("create table guard_switch_probe (id int)");
			try {
				assertThat(jdbc.update("delete from guard_switch_probe")).isZero();
			}
			finally {
				jdbc.execute("drop table guard_switch_probe");
			}
		});
	}

}
