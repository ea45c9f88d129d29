package dev.tether.failover;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.PostgresNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A primary that moves: the replica is promoted after the primary stops (planned) or dies
 * (unplanned), and writes follow the PostgreSQL driver's multi-host URL to the new primary, with
 * Tether's default settings and the URLs the README documents. Each test owns a cluster, which it
 * breaks.
 */
class SwitchoverTests {

	private static final int WRITERS = 4;

	private static final int READERS = 4;

	private EmbeddedReplicatedPostgres cluster;

	@BeforeEach
	void start() throws SQLException {
		this.cluster = EmbeddedReplicatedPostgres.start(1);
		try (Connection connection = this.cluster.primary().openSuperuserConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create table acknowledged (writer int, seq bigint, primary key (writer, seq))");
			statement.execute("grant all on acknowledged to " + this.cluster.username());
		}
		this.cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void aPlannedSwitchoverLosesNoAcknowledgedWriteAndWritesResumeOnTheNewPrimary() throws Exception {
		Outcome outcome = switchover(PostgresNode::stop);
		System.out.println("planned switchover: " + outcome);
		assertThat(outcome.lost()).as("acknowledged writes lost").isZero();
		assertThat(outcome.resumedAfter()).as("writes resume after the promotion").isLessThan(Duration.ofSeconds(5));
		assertThat(outcome.failedReads()).as("reads fail only while their node changes role").isLessThan(outcome.reads() / 10);
	}

	@Test
	void anUnplannedFailoverLosesAtMostWhatTheReplicaHadNotReceived() throws Exception {
		Outcome outcome = switchover(PostgresNode::kill);
		System.out.println("unplanned failover: " + outcome);
		// asynchronous replication may lose the writes acknowledged just before the crash, which
		// the replica had not received; Tether must add nothing to them
		assertThat(outcome.lost()).as("acknowledged writes lost").isEqualTo(outcome.notReceivedAtCrash());
		assertThat(outcome.resumedAfter()).isLessThan(Duration.ofSeconds(5));
	}

	private Outcome switchover(java.util.function.Consumer<PostgresNode> takeDownPrimary) throws Exception {
		PostgresNode primary = this.cluster.primary();
		PostgresNode replica = this.cluster.replica(0);
		// pgjdbc multi-host URLs: writes to whichever host is the primary, reads preferring a standby
		String primaryUrl = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + replica.port() + "/"
				+ this.cluster.database() + "?targetServerType=primary";
		String replicaUrl = "jdbc:postgresql://127.0.0.1:" + replica.port() + ",127.0.0.1:" + primary.port() + "/"
				+ this.cluster.database() + "?targetServerType=preferSecondary";
		Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicLong failedWrites = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		AtomicLong failedReads = new AtomicLong();
		AtomicLong firstWriteAfterPromotion = new AtomicLong();
		AtomicLong promotedAt = new AtomicLong(Long.MAX_VALUE);
		AtomicBoolean running = new AtomicBoolean(true);
		Outcome[] result = new Outcome[1];
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + primaryUrl, "spring.datasource.username=" + this.cluster.username(),
					"spring.datasource.password=" + this.cluster.password(), "tether.replicas.replica-1.url=" + replicaUrl)
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				JdbcTemplate jdbc = new JdbcTemplate(dataSource);
				TransactionTemplate writes = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
				TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
				readOnly.setReadOnly(true);
				ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
				try {
					for (int w = 0; w < WRITERS; w++) {
						int writer = w;
						pool.submit(() -> {
							long seq = 0;
							while (running.get()) {
								long next = seq + 1;
								try {
									writes.executeWithoutResult((status) -> jdbc.update("insert into acknowledged values (?, ?)", writer, next));
									acknowledged.add(writer * 1_000_000_000L + next);
									seq = next;
									if (System.nanoTime() > promotedAt.get()) {
										firstWriteAfterPromotion.compareAndSet(0, System.nanoTime());
									}
								}
								catch (RuntimeException ex) {
									failedWrites.incrementAndGet();
									// a commit whose answer was lost may have committed: move on to a fresh key
									seq = next;
									sleep(5);
								}
							}
						});
					}
					for (int r = 0; r < READERS; r++) {
						pool.submit(() -> {
							while (running.get()) {
								try {
									readOnly.executeWithoutResult((status) -> jdbc.queryForObject("select count(*) from acknowledged", Long.class));
									reads.incrementAndGet();
								}
								catch (RuntimeException ex) {
									failedReads.incrementAndGet();
									sleep(5);
								}
							}
						});
					}
					sleep(1000);
					takeDownPrimary.accept(primary);
					long downAt = System.nanoTime();
					Set<Long> onReplicaAtCrash = rows(replica);
					long notReceived = acknowledged.stream().filter((id) -> !onReplicaAtCrash.contains(id)).count();
					try (Connection connection = replica.openSuperuserConnection(); Statement statement = connection.createStatement()) {
						statement.execute("select pg_promote(true, 30)");
					}
					promotedAt.set(System.nanoTime());
					long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
					while (firstWriteAfterPromotion.get() == 0 && System.nanoTime() < deadline) {
						sleep(10);
					}
					sleep(1000);
					running.set(false);
					pool.shutdown();
					assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
					Set<Long> onNewPrimary = rows(replica);
					long lost = acknowledged.stream().filter((id) -> !onNewPrimary.contains(id)).count();
					long resumed = firstWriteAfterPromotion.get();
					result[0] = new Outcome(acknowledged.size(), lost, notReceived, failedWrites.get(), reads.get(),
							failedReads.get(), Duration.ofNanos(promotedAt.get() - downAt),
							(resumed == 0) ? Duration.ofDays(1) : Duration.ofNanos(resumed - promotedAt.get()));
				}
				finally {
					running.set(false);
					pool.shutdownNow();
				}
			});
		return result[0];
	}

	private static Set<Long> rows(PostgresNode node) {
		Set<Long> ids = new HashSet<>();
		try (Connection connection = node.openSuperuserConnection(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select writer, seq from acknowledged")) {
			while (rs.next()) {
				ids.add(rs.getInt(1) * 1_000_000_000L + rs.getLong(2));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return ids;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Outcome(long acknowledged, long lost, long notReceivedAtCrash, long failedWrites, long reads, long failedReads,
			Duration downToPromoted, Duration resumedAfter) {

	}

}
