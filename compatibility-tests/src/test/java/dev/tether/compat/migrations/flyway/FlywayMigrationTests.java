package dev.tether.compat.migrations.flyway;

import java.util.List;

import dev.tether.compat.Databases;
import dev.tether.compat.Tether;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway, as Boot configures it on the routed DataSource, migrates exactly as without the starter:
 * Tether hands it the primary's own pool, so its DDL, its history table and its advisory lock are
 * on the primary, a backfill {@code UPDATE} of a whole table is not refused by the statement guard,
 * and the schema it leaves equals the one it leaves without the starter (the same migrations run
 * against a second schema in a context without Tether's auto-configurations).
 */
class FlywayMigrationTests {

	private final ApplicationContextRunner plain = new ApplicationContextRunner()
		.withConfiguration(Tether.jdbc())
		.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
		.withPropertyValues(Databases.properties())
		.withPropertyValues("spring.flyway.locations=classpath:dev/tether/compat/migrations/flyway");

	private final ApplicationContextRunner withTether = this.plain.withConfiguration(Tether.autoConfigurations());

	@Test
	void migrationsRunOnThePrimaryWithTheAdvisoryLockThereAndNothingRefused() {
		this.withTether.withPropertyValues("spring.flyway.schemas=compat_flyway_tether").run((context) -> {
			assertThat(context).hasNotFailed();
			TetherDataSource router = (TetherDataSource) context.getBean(DataSource.class);
			assertThat(context.getBean(org.flywaydb.core.Flyway.class).getConfiguration().getDataSource())
				.as("Flyway migrates on the primary's own pool").isSameAs(router.getPrimary());
			V2__ObserveLocks.Observation seen = V2__ObserveLocks.last;
			assertThat(seen.node().replica()).as("the migration's connection is on the primary").isFalse();
			assertThat(seen.advisoryLocksOnPrimary()).as("Flyway's advisory lock, held on the primary").isPositive();
			assertThat(seen.advisoryLocksOnReplica()).as("advisory locks on the replica").isZero();
			Tether.assertNothingRefused(context.getBean(RoutingCounters.class));
		});
		assertThat(widgets("compat_flyway_tether")).containsExactly("1 FIRST", "2 SECOND");
		assertThat(history("compat_flyway_tether")).containsExactly("1 true", "2 true", "3 true");
	}

	@Test
	void theMigratedSchemaEqualsTheOneFlywayLeavesWithoutTheStarter() {
		this.plain.withPropertyValues("spring.flyway.schemas=compat_flyway_plain")
			.run((context) -> assertThat(context).hasNotFailed());
		V2__ObserveLocks.Observation plainRun = V2__ObserveLocks.last;
		this.withTether.withPropertyValues("spring.flyway.schemas=compat_flyway_routed")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(widgets("compat_flyway_routed")).isEqualTo(widgets("compat_flyway_plain"));
		assertThat(history("compat_flyway_routed")).isEqualTo(history("compat_flyway_plain"));
		assertThat(V2__ObserveLocks.last.node().replica()).isEqualTo(plainRun.node().replica());
		Databases.awaitReplica();
		assertThat(Databases.query(Databases.cluster().replica(0), "select count(*) from compat_flyway_routed.widget"))
			.as("the migrated data replicates as usual").containsExactly("2");
	}

	private static List<String> widgets(String schema) {
		return Databases.query(Databases.cluster().primary(),
				"select id || ' ' || name from " + schema + ".widget order by id");
	}

	private static List<String> history(String schema) {
		return Databases.query(Databases.cluster().primary(),
				"select version || ' ' || success from " + schema + ".flyway_schema_history where version is not null order by installed_rank");
	}

}
