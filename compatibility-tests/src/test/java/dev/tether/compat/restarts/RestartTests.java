package dev.tether.compat.restarts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.tether.compat.Databases;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.postgres.PostgresNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restarts leave nothing behind: an application started and closed five times in a row (what a
 * devtools restart does: close the context, run the application again) keeps no Tether or
 * HikariCP thread and no connection to either node. Counted by thread name and in
 * {@code pg_stat_activity} of the primary and the replica, with each run's threads and
 * connections counted too, so the count is known to see them.
 */
class RestartTests {

	private static final int RESTARTS = 5;

	/**
	 * Also with Boot's {@code connection-fetch=lazy}, whose ordered post-processor wraps the pool
	 * before Tether's does: Spring destroys the raw pool, not what the post-processors returned.
	 */
	@ParameterizedTest(name = "spring.datasource.connection-fetch={0}")
	@ValueSource(strings = { "eager", "lazy" })
	void fiveStartsAndClosesLeaveNoThreadOrConnectionBehind(String connectionFetch) {
		Map<String, Long> threadsBefore = poolAndProbeThreads();
		int primaryBefore = connections(Databases.cluster().primary());
		int replicaBefore = connections(Databases.cluster().replica(0));
		for (int run = 0; run < RESTARTS; run++) {
			try (ConfigurableApplicationContext context = start(connectionFetch)) {
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource).isInstanceOf(TetherDataSource.class);
				assertThat(Databases.readOnlyAnswer(dataSource).replica()).isTrue();
				assertThat(Databases.readWriteAnswer(dataSource).replica()).isFalse();
				assertThat(poolAndProbeThreads().keySet()).as("run %d's own threads are seen", run)
					.anyMatch((name) -> name.startsWith("tether-replica-probe"))
					.anyMatch((name) -> name.startsWith("tether-primary"))
					.anyMatch((name) -> name.startsWith("tether-replica-replica-1"));
				assertThat(connections(Databases.cluster().primary())).as("run %d's primary connections", run)
					.isGreaterThan(primaryBefore);
				assertThat(connections(Databases.cluster().replica(0))).as("run %d's replica connections", run)
					.isGreaterThan(replicaBefore);
			}
		}
		// Threads end and backends leave pg_stat_activity shortly after the close that ended them.
		await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> {
			assertThat(poolAndProbeThreads()).isEqualTo(threadsBefore);
			assertThat(connections(Databases.cluster().primary())).isEqualTo(primaryBefore);
			assertThat(connections(Databases.cluster().replica(0))).isEqualTo(replicaBefore);
		});
	}

	private static ConfigurableApplicationContext start(String connectionFetch) {
		return new SpringApplicationBuilder(RestartedApplication.class).web(WebApplicationType.NONE)
			.properties(Databases.properties())
			.properties("spring.datasource.connection-fetch=" + connectionFetch)
			.properties("spring.autoconfigure.exclude=" + String.join(",", OTHER_LIBRARIES))
			.run();
	}

	/**
	 * The pools' and probes' live threads, each name with how many threads carry it. A pool's
	 * {@code connection-adder} threads are left out: HikariCP runs them only while it fills a pool,
	 * so one of another test's pool can end between the two looks (seen once in CI); a pool left
	 * open keeps its {@code housekeeper}, which is counted.
	 */
	private static Map<String, Long> poolAndProbeThreads() {
		Map<String, Long> names = new TreeMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			String name = thread.getName();
			if (thread.isAlive() && (name.startsWith("tether-") || name.startsWith("HikariPool-"))
					&& !name.endsWith(":connection-adder")) {
				names.merge(name, 1L, Long::sum);
			}
		}
		return names;
	}

	private static int connections(PostgresNode node) {
		return Integer.parseInt(Databases.query(node, "select count(*) from pg_stat_activity where usename = '"
				+ Databases.cluster().username() + "' and backend_type = 'client backend'").get(0));
	}

	/** The other libraries of this module's classpath, which need schemas this application does not have. */
	private static final List<String> OTHER_LIBRARIES = List.of(
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
			"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
			"org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
			"org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration",
			"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
			"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
			"org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration",
			"net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration");

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RestartedApplication {

	}

}
