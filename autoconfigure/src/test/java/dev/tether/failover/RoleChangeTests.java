package dev.tether.failover;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tether.metrics.ReplicaHealthMetrics;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.replica.ReplicaState;
import dev.tether.replica.ReplicaStatus;
import dev.tether.routing.CausalSession;
import dev.tether.routing.CausalTokens;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.RoutingReason;
import dev.tether.routing.RoutingTarget;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.assertj.AnsweringNode;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.PostgresNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Role changes and timelines on real nodes: the node configured as the primary that answers as a
 * standby (a role change: its pool evicted, logged once, counted), a replica whose URL reaches the
 * promoted primary (it keeps serving reads), and a causal position taken before a promotion (read
 * where the new timeline's start is, the primary here). Each test owns a cluster, which it breaks.
 */
@ExtendWith(OutputCaptureExtension.class)
class RoleChangeTests {

	/** The role change's WARN, not the primary's state change that quotes what it observed. */
	private static final String ROLE_CHANGE_LOG = "answers as a standby (pg_is_in_recovery() = true): a role change (a switchover";

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private EmbeddedReplicatedPostgres cluster;

	@AfterEach
	void stop() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	/**
	 * The primary dies and its URL's next host is the standby that is about to be promoted (a
	 * multi-host URL with the driver's default {@code targetServerType=any}, or a name that moved
	 * before the promotion): the primary's pool reaches a standby, which the probe reports as a role
	 * change, once. After the promotion the pool's connections opened meanwhile are evicted, and
	 * writes run on the new primary.
	 */
	@Test
	void aPrimaryThatAnswersAsAStandbyIsARoleChangeLoggedOnceCountedAndItsPoolEvicted(CapturedOutput output)
			throws Exception {
		this.cluster = startCluster(1);
		PostgresNode primary = this.cluster.primary();
		PostgresNode standby = this.cluster.replica(0);
		String primaryUrl = url(primary, standby, "");
		String replicaUrl = url(standby, primary, "?targetServerType=preferSecondary");
		runner(primaryUrl, replicaUrl).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			ReplicaMonitor monitor = TetherDataSource.find(dataSource).getMonitor();
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new ReplicaHealthMetrics(context.getBeanProvider(DataSource.class)).bindTo(registry);
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			TransactionTemplate writes = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			writes.executeWithoutResult((status) -> jdbc.update("insert into item (name) values ('before')"));
			await().atMost(PATIENCE).until(() -> monitor.primaryHealth().state() == ReplicaState.UP);
			assertThat(monitor.roleChanges()).isZero();

			primary.kill();
			// the primary pool's next connection reaches the standby: a read-write transaction runs
			// its reads there (its writes would be refused, SQLState 25006)
			long standbyBackend = eventually(() -> writes.execute((status) -> jdbc.execute((ConnectionCallback<Long>) (
					connection) -> AnsweringNode.of(connection).replica() ? backendPid(connection) : null)));
			await().atMost(PATIENCE).until(() -> monitor.roleChanges() == 1);
			assertThat(monitor.primaryAnswersAsStandby()).isEqualTo("pg_is_in_recovery() = true");
			assertThat(monitor.primaryHealth().status().problem()).contains("answers as a standby");
			assertThat(registry.get("tether.routing.role-changes").functionCounter().count()).isEqualTo(1);

			promote(standby);
			await().atMost(PATIENCE).until(() -> monitor.primaryAnswersAsStandby() == null);
			// evicted: the connection the pool opened to the standby is closed, not reused
			await().atMost(PATIENCE).until(() -> !backendExists(standby, standbyBackend));
			AnsweringNode wrote = writes.execute((status) -> jdbc.execute((ConnectionCallback<AnsweringNode>) (connection) -> {
				try (Statement statement = connection.createStatement()) {
					statement.executeUpdate("insert into item (name) values ('after')");
				}
				return AnsweringNode.of(connection);
			}));
			assertThat(wrote.replica()).as("the node that took the write is in recovery").isFalse();
			assertThat(wrote.port()).isEqualTo(standby.port());

			assertThat(monitor.roleChanges()).as("counted once while it persisted").isEqualTo(1);
			assertThat(registry.get("tether.routing.role-changes").functionCounter().count()).isEqualTo(1);
			assertThat(occurrences(output.getAll(), ROLE_CHANGE_LOG)).as("logged once").isEqualTo(1);
			assertThat(output.getAll()).contains("answers as the primary again");
		});
	}

	/**
	 * Before this change a replica whose probe found it out of recovery was DOWN ("not a streaming
	 * replica"); now it is the promoted primary its URL reaches, which has everything: UP, lag 0,
	 * and it says so.
	 */
	@Test
	void aReplicaWhoseUrlReachesThePromotedPrimaryKeepsServingReadsWithLagZero() throws Exception {
		this.cluster = startCluster(1);
		PostgresNode primary = this.cluster.primary();
		PostgresNode standby = this.cluster.replica(0);
		runner(url(primary, standby, "?targetServerType=primary"),
				url(standby, primary, "?targetServerType=preferSecondary"))
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				ReplicaMonitor monitor = TetherDataSource.find(dataSource).getMonitor();
				await().atMost(PATIENCE).until(() -> monitor.health("replica-1").state() == ReplicaState.UP);
				TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
				readOnly.setReadOnly(true);
				JdbcTemplate jdbc = new JdbcTemplate(dataSource);
				// the router's first connection reads the primary's defaults: taken before the crash
				assertThat(readOnly.execute((status) -> jdbc.execute((ConnectionCallback<AnsweringNode>) AnsweringNode::of))
					.replica()).isTrue();
				primary.kill();
				promote(standby);
				await().atMost(PATIENCE).untilAsserted(() -> {
					ReplicaStatus status = monitor.health("replica-1").status();
					assertThat(status.state()).isEqualTo(ReplicaState.UP);
					assertThat(status.lag()).isEqualTo(Duration.ZERO);
					assertThat(status.problem()).contains("answers as a primary", "pg_is_in_recovery() = false");
				});
				RoutingCounters counters = context.getBean(RoutingCounters.class);
				long replicaReads = counters.decisions(RoutingTarget.REPLICA, RoutingReason.READ_ONLY);
				AnsweringNode read = readOnly.execute((status) -> jdbc.execute((ConnectionCallback<AnsweringNode>) AnsweringNode::of));
				assertThat(counters.decisions(RoutingTarget.REPLICA, RoutingReason.READ_ONLY)).isEqualTo(replicaReads + 1);
				assertThat(read.replica()).isFalse();
				assertThat(read.port()).isEqualTo(standby.port());
			});
	}

	/**
	 * An unplanned failover: the primary is killed and one standby promoted (timeline 2), while the
	 * other, the application's replica, still holds timeline 1 (its upstream died). A causal
	 * position taken on timeline 1, the session's own or carried in a token, must not be compared
	 * with that replica's LSNs: it reads on the primary, counted as a timeline change. A read with
	 * no position still goes to the replica.
	 */
	@Test
	void aCausalReadWhosePositionWasTakenOnTheOldTimelineReadsFromThePrimary() throws Exception {
		this.cluster = startCluster(2);
		PostgresNode primary = this.cluster.primary();
		PostgresNode promoted = this.cluster.replica(0);
		PostgresNode replica = this.cluster.replica(1);
		runner(url(primary, promoted, "?targetServerType=primary"), replica.jdbcUrl(),
				// the replica stays routable although it no longer replays: what is proven is where causal reads go
				"tether.replica.max-lag=1h")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				ReplicaMonitor monitor = TetherDataSource.find(dataSource).getMonitor();
				CausalTokens tokens = context.getBean(CausalTokens.class);
				RoutingCounters counters = context.getBean(RoutingCounters.class);
				JdbcTemplate jdbc = new JdbcTemplate(dataSource);
				TransactionTemplate writes = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
				TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
				readOnly.setReadOnly(true);
				Supplier<AnsweringNode> read = () -> readOnly
					.execute((status) -> jdbc.execute((ConnectionCallback<AnsweringNode>) AnsweringNode::of));
				await().atMost(PATIENCE).until(() -> monitor.primaryTimeline() == 1
						&& monitor.health("replica-1").state() == ReplicaState.UP);
				CausalSession session = new CausalSession();
				String token;
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(session)) {
					writes.executeWithoutResult((status) -> jdbc.update("insert into item (name) values ('timeline 1')"));
					this.cluster.awaitReplicasCaughtUp(PATIENCE);
					assertThat(read.get().port()).as("before the failover the replica has the session's write")
						.isEqualTo(replica.port());
					token = tokens.current();
				}
				assertThat(token).startsWith("2.1.");

				primary.kill();
				promote(promoted);
				// the promoted primary answered a probe: until then work that needs the primary fails fast
				// with PrimaryUnavailableException (the kill may have made it DOWN), by design
				await().atMost(PATIENCE).until(() -> monitor.primaryTimeline() == 2
						&& monitor.primaryHealth().state() == ReplicaState.UP);
				long timelineReads = counters.decisions(RoutingTarget.PRIMARY, RoutingReason.TIMELINE_CHANGE);
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(session)) {
					AnsweringNode node = read.get();
					assertThat(node.replica()).as("the session's own position of timeline 1 reads on the primary").isFalse();
					assertThat(node.port()).isEqualTo(promoted.port());
				}
				try (RoutingContextHolder.Scope scope = tokens.open(token)) {
					AnsweringNode node = read.get();
					assertThat(node.replica()).as("a token of timeline 1 reads on the primary").isFalse();
					assertThat(node.port()).isEqualTo(promoted.port());
				}
				assertThat(counters.decisions(RoutingTarget.PRIMARY, RoutingReason.TIMELINE_CHANGE))
					.isEqualTo(timelineReads + 2);
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
					assertThat(read.get().port()).as("a read with no position still goes to the replica")
						.isEqualTo(replica.port());
				}
			});
	}

	private static EmbeddedReplicatedPostgres startCluster(int replicas) throws SQLException {
		EmbeddedReplicatedPostgres cluster = EmbeddedReplicatedPostgres.start(replicas);
		try (Connection connection = cluster.primary().openSuperuserConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create table item (id bigserial primary key, name text)");
			statement.execute("grant all on item to " + cluster.username());
			statement.execute("grant all on sequence item_id_seq to " + cluster.username());
		}
		cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		return cluster;
	}

	private ApplicationContextRunner runner(String primaryUrl, String replicaUrl, String... more) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + primaryUrl, "spring.datasource.username=" + this.cluster.username(),
					"spring.datasource.password=" + this.cluster.password(), "tether.replicas.replica-1.url=" + replicaUrl,
					"tether.replica.probe-interval=200ms")
			.withPropertyValues(more);
	}

	private String url(PostgresNode first, PostgresNode second, String parameters) {
		return "jdbc:postgresql://127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port() + "/"
				+ this.cluster.database() + parameters;
	}

	private static void promote(PostgresNode standby) throws SQLException {
		try (Connection connection = standby.openSuperuserConnection(); Statement statement = connection.createStatement()) {
			statement.execute("select pg_promote(true, 30)");
		}
	}

	private static long backendPid(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			return result.getLong(1);
		}
	}

	private static boolean backendExists(PostgresNode node, long pid) throws SQLException {
		try (Connection connection = node.openSuperuserConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select count(*) from pg_stat_activity where pid = " + pid)) {
			result.next();
			return result.getLong(1) > 0;
		}
	}

	/** The first non-null answer of an action that may fail while the nodes change roles. */
	private static <T> T eventually(Supplier<T> action) {
		Object[] answer = new Object[1];
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
			answer[0] = action.get();
			return answer[0] != null;
		});
		@SuppressWarnings("unchecked")
		T result = (T) answer[0];
		return result;
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

}
