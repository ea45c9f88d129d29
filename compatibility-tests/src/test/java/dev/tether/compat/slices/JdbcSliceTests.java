package dev.tether.compat.slices;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.compat.Databases;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JdbcTest} against the real primary: without Tether's auto-configuration (the slice does
 * not list it) the test runs as it does without the starter; with it imported, read-only
 * transactions outside the test's own read on the replica.
 */
class JdbcSliceTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Databases.register(registry);
	}

	@Nested
	@JdbcTest
	@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
	class AsGenerated {

		@Autowired
		private ConfigurableApplicationContext context;

		@Autowired
		private DataSource dataSource;

		@Autowired
		private JdbcTemplate jdbc;

		@Test
		void theSliceLeavesTetherOutAndRunsOnThePrimary() {
			var evaluated = ConditionEvaluationReport.get(this.context.getBeanFactory()).getConditionAndOutcomesBySource();
			assertThat(evaluated.keySet()).noneMatch((source) -> source.startsWith("dev.tether."));
			assertThat(this.dataSource).isInstanceOf(HikariDataSource.class);
			assertThat(this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class)).isFalse();
		}

	}

	@Nested
	@JdbcTest
	@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
	@ImportAutoConfiguration(RoutingAutoConfiguration.class)
	class WithRoutingImported {

		@Autowired
		private DataSource dataSource;

		@Autowired
		private JdbcTemplate jdbc;

		@Test
		void theTestsTransactionRunsOnThePrimary() {
			assertThat(this.dataSource).isInstanceOf(TetherDataSource.class);
			assertThat(this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class)).isFalse();
		}

		@Test
		@Transactional(propagation = Propagation.NOT_SUPPORTED)
		void aReadOnlyTransactionReadsOnTheReplica() {
			assertThat(Databases.readOnlyAnswer(this.dataSource).replica()).isTrue();
			assertThat(Databases.readWriteAnswer(this.dataSource).replica()).isFalse();
		}

	}

}
