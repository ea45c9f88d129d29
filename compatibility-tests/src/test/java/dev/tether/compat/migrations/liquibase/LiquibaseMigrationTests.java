package dev.tether.compat.migrations.liquibase;

import java.util.List;

import javax.sql.DataSource;

import dev.tether.compat.Databases;
import dev.tether.compat.Tether;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquibase (4.33, the last release under an open-source licence) migrates as without the
 * starter: Tether hands it the primary's own pool, so its DDL, its change log and its lock table
 * are on the primary, the lock is held there while it runs, its {@code DELETE FROM
 * databasechangeloglock} is not refused by the statement guard (it was before), and the schema
 * equals the one it leaves without the starter.
 */
class LiquibaseMigrationTests {

	private final ApplicationContextRunner plain = new ApplicationContextRunner()
		.withConfiguration(Tether.jdbc())
		.withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
		.withPropertyValues(Databases.properties())
		.withPropertyValues("spring.liquibase.change-log=classpath:dev/tether/compat/migrations/liquibase/changelog.yaml");

	private final ApplicationContextRunner withTether = this.plain.withConfiguration(Tether.autoConfigurations());

	@Test
	void changeSetsRunOnThePrimaryWhileItsLockRowIsHeldThereAndNothingIsRefused() {
		String schema = schema("compat_liquibase_tether");
		this.withTether.withPropertyValues("spring.liquibase.default-schema=" + schema).run((context) -> {
			assertThat(context).hasNotFailed();
			TetherDataSource router = (TetherDataSource) context.getBean(DataSource.class);
			assertThat(context.getBean(liquibase.integration.spring.SpringLiquibase.class).getDataSource())
				.as("Liquibase migrates on the primary's own pool").isSameAs(router.getPrimary());
			ObserveLock.Observation seen = ObserveLock.last;
			assertThat(seen.node().replica()).as("the change set's connection is on the primary").isFalse();
			assertThat(seen.lockOnPrimary()).as("the lock row, taken on the primary").containsExactly("true true");
			Tether.assertNothingRefused(context.getBean(RoutingCounters.class));
		});
		assertThat(gadgets(schema)).containsExactly("1 first");
		assertThat(changeLog(schema)).containsExactly("1-gadget EXECUTED", "2-observe-lock EXECUTED", "3-first-gadget EXECUTED");
		assertThat(Databases.query(Databases.cluster().primary(), "select locked from " + schema + ".databasechangeloglock"))
			.as("released at the end").containsExactly("f");
	}

	@Test
	void theMigratedSchemaEqualsTheOneLiquibaseLeavesWithoutTheStarter() {
		String plainSchema = schema("compat_liquibase_plain");
		String routedSchema = schema("compat_liquibase_routed");
		this.plain.withPropertyValues("spring.liquibase.default-schema=" + plainSchema)
			.run((context) -> assertThat(context).hasNotFailed());
		this.withTether.withPropertyValues("spring.liquibase.default-schema=" + routedSchema)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(gadgets(routedSchema)).isEqualTo(gadgets(plainSchema));
		assertThat(changeLog(routedSchema)).isEqualTo(changeLog(plainSchema));
	}

	private static String schema(String name) {
		Databases.execute("create schema if not exists " + name);
		return name;
	}

	private static List<String> gadgets(String schema) {
		return Databases.query(Databases.cluster().primary(), "select id || ' ' || name from " + schema + ".gadget order by id");
	}

	private static List<String> changeLog(String schema) {
		return Databases.query(Databases.cluster().primary(),
				"select id || ' ' || exectype from " + schema + ".databasechangelog order by orderexecuted");
	}

}
