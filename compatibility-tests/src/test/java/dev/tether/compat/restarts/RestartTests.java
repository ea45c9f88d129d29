package dev.tether.compat.restarts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
 * HikariCP thread and no connection to either node. Connections are counted in
 * {@code pg_stat_activity} of the primary and the replica. Threads are told apart by their
 * {@link ThreadGroup}: each run starts and closes its application on a thread of a group of its
 * own, and every thread a pool or probe starts joins the group of the thread that started it, so
 * the runs' threads are known by identity and must all end, whatever the other applications of
 * this test JVM start meanwhile. Each run's threads and connections are counted too, so the counts
 * are known to see them.
 */
class RestartTests {

	private static final int RESTARTS = 5;

	/**
	 * Also with Boot's {@code connection-fetch=lazy}, whose ordered post-processor wraps the pool
	 * before Tether's does: Spring destroys the raw pool, not what the post-processors returned.
	 */
	@ParameterizedTest(name = "spring.datasource.connection-fetch={0}")
	@ValueSource(strings = { "eager", "lazy" })
	void fiveStartsAndClosesLeaveNoThreadOrConnectionBehind(String connectionFetch) throws Exception {
		Map<String, Long> threadsBefore = stableThreadsByName();
		int primaryBefore = connections(Databases.cluster().primary());
		int replicaBefore = connections(Databases.cluster().replica(0));
		ThreadGroup runs = new ThreadGroup("restart-runs-" + connectionFetch);
		for (int run = 0; run < RESTARTS; run++) {
			int number = run;
			runInGroup(runs, () -> {
				try (ConfigurableApplicationContext context = start(connectionFetch)) {
					DataSource dataSource = context.getBean(DataSource.class);
					assertThat(dataSource).isInstanceOf(TetherDataSource.class);
					assertThat(Databases.readOnlyAnswer(dataSource).replica()).isTrue();
					assertThat(Databases.readWriteAnswer(dataSource).replica()).isFalse();
					assertThat(poolAndProbeThreadsOf(runs)).as("run %d's own threads are seen", number)
						.anyMatch((name) -> name.startsWith("tether-replica-probe"))
						.anyMatch((name) -> name.startsWith("tether-probe-worker"))
						.anyMatch((name) -> name.startsWith("tether-primary"))
						.anyMatch((name) -> name.startsWith("tether-replica-replica-1"));
					assertThat(connections(Databases.cluster().primary())).as("run %d's primary connections", number)
						.isGreaterThan(primaryBefore);
					assertThat(connections(Databases.cluster().replica(0))).as("run %d's replica connections", number)
						.isGreaterThan(replicaBefore);
				}
			});
		}
		// Threads end and backends leave pg_stat_activity shortly after the close that ended them.
		await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> {
			assertThat(poolAndProbeThreadsOf(runs)).as("threads the runs started").isEmpty();
			assertThat(stableThreadsByName()).isEqualTo(threadsBefore);
			assertThat(connections(Databases.cluster().primary())).isEqualTo(primaryBefore);
			assertThat(connections(Databases.cluster().replica(0))).isEqualTo(replicaBefore);
		});
	}

	/** Runs {@code run} on a new thread of {@code group} and waits for it, rethrowing what it threw. */
	private static void runInGroup(ThreadGroup group, Runnable run) throws Exception {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread thread = new Thread(group, () -> {
			try {
				run.run();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, group.getName() + "-main");
		thread.start();
		thread.join(TimeUnit.MINUTES.toMillis(2));
		assertThat(thread.isAlive()).as("a start and close within 2 minutes").isFalse();
		if (failure.get() instanceof Error error) {
			throw error;
		}
		if (failure.get() instanceof Exception ex) {
			throw ex;
		}
	}

	/** The names of the live pool and probe threads that joined {@code group}, one entry per thread. */
	private static List<String> poolAndProbeThreadsOf(ThreadGroup group) {
		List<String> names = new ArrayList<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.isAlive() && thread.getThreadGroup() == group && isPoolOrProbe(thread.getName())) {
				names.add(thread.getName());
			}
		}
		return names;
	}

	/**
	 * The live pool and probe threads of the whole JVM whose number does not change while their
	 * application runs, each name with how many threads carry it: a second look at the same
	 * applications sees the same map. Left out are the threads that come and go on their own:
	 * HikariCP's {@code connection-adder}, which runs only while a pool fills (one of another
	 * test's pool ended between the two looks in CI), and the probe's {@code tether-probe-worker}
	 * threads, a cached pool that starts a thread when the probes of one round overlap and ends it
	 * after a minute idle (another test's monitor had one more worker at the second look in CI).
	 * The runs' own threads of both kinds are checked by group.
	 */
	private static Map<String, Long> stableThreadsByName() {
		Map<String, Long> names = new TreeMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			String name = thread.getName();
			if (thread.isAlive() && isPoolOrProbe(name) && !name.endsWith(":connection-adder")
					&& !name.equals("tether-probe-worker")) {
				names.merge(name, 1L, Long::sum);
			}
		}
		return names;
	}

	private static boolean isPoolOrProbe(String name) {
		return name.startsWith("tether-") || name.startsWith("HikariPool-");
	}

	private static ConfigurableApplicationContext start(String connectionFetch) {
		return new SpringApplicationBuilder(RestartedApplication.class).web(WebApplicationType.NONE)
			.properties(Databases.properties())
			.properties("spring.datasource.connection-fetch=" + connectionFetch)
			.properties("spring.autoconfigure.exclude=" + String.join(",", OTHER_LIBRARIES))
			.run();
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
