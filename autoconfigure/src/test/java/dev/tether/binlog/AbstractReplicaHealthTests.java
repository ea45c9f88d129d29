package dev.tether.binlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.tether.replica.ReplicaHealth;
import dev.tether.replica.ReplicaState;
import dev.tether.routing.CausalSession;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingContextHolder;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replica health on a real MySQL 8 or MariaDB primary and replica (one subclass per database) with
 * real faults: lag from {@code SHOW REPLICA STATUS}, broken replication and a killed replica are DOWN, and reads avoid a
 * replica that is not UP (asked of the database that answered: {@code @@server_id} 1 is the
 * primary, 2 the replica). Every fault is undone in {@code finally}: the cluster is shared.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // @BeforeAll asks the subclass for its fixture
public abstract class AbstractReplicaHealthTests {

	private static final int PRIMARY = 1;

	private BinlogFixture fixture;

	@BeforeAll
	void churnTable() throws SQLException {
		this.fixture = fixture();
		try (Connection connection = this.fixture.openPrimaryAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS binlog_churn (id INT PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB");
			statement.execute("INSERT IGNORE INTO binlog_churn VALUES (1, 0)");
		}
		this.fixture.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@Test
	void aHealthyReplicaIsUpWithNoLagAndGetsTheReads() {
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(1), ReadPolicy.defaults())) {
			ReplicaHealth health = router.health();
			router.jdbc.update("UPDATE binlog_churn SET n = n + 1 WHERE id = 1");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> health.state() == ReplicaState.UP && Duration.ZERO.equals(health.status().lag()));
			assertThat(health.replayPosition()).as("the GTID sequence number it replayed").isPositive();
			try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
				assertThat(router.readOnlyServerId()).isEqualTo(this.fixture.replicaServerId());
			}
		}
	}

	/**
	 * After a failover behind a VIP or DNS name, the replica's URL may reach the promoted primary:
	 * the same server as the primary, with no replication status. It has every change, so it stays
	 * UP with lag 0 and serves reads, saying why; before, it was DOWN ("not a replica").
	 */
	@Test
	void aReplicaWhoseUrlReachesThePrimaryIsUpWithNoLagAndServesReads() {
		try (BinlogTestRouter router = BinlogTestRouter.withReplicaUrlOfThePrimary(this.fixture)) {
			ReplicaHealth health = router.health();
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			assertThat(health.status().lag()).isEqualTo(Duration.ZERO);
			assertThat(health.status().problem()).contains("the same server as the primary");
			try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
				assertThat(router.readOnlyServerId()).as("the read, routed to the replica, answered by the primary")
					.isEqualTo(PRIMARY);
			}
			assertThat(router.dataSource.getMonitor().health(this.fixture.replicaName()).state())
				.isEqualTo(ReplicaState.UP);
		}
	}

	@Test
	void aDelayedReplicaBecomesLaggingAndGetsNoReadsUntilItCatchesUp() throws Exception {
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(1), ReadPolicy.defaults());
				Churn churn = new Churn(router)) {
			ReplicaHealth health = router.health();
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			try {
				this.fixture.setReplicaDelay(Duration.ofSeconds(4));
				long delayed = System.nanoTime();
				await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.LAGGING);
				System.out.printf(this.fixture.label() + " lag: LAGGING %d ms after " + this.fixture.delaySetting() + " = 4 with max-lag 1 s (lag %s)%n",
						(System.nanoTime() - delayed) / 1_000_000, health.status().lag());
				assertThat(health.status().lag()).isGreaterThan(Duration.ofSeconds(1));
				for (int i = 0; i < 20; i++) {
					assertThat(freshRead(router)).as("a lagging replica gets no reads").isEqualTo(PRIMARY);
				}
			}
			finally {
				this.fixture.setReplicaDelay(Duration.ZERO);
			}
			long undelayed = System.nanoTime();
			await().atMost(Duration.ofSeconds(15)).until(() -> health.state() == ReplicaState.UP);
			System.out.printf(this.fixture.label() + " lag: UP again %d ms after " + this.fixture.delaySetting() + " = 0%n",
					(System.nanoTime() - undelayed) / 1_000_000);
			assertThat(freshRead(router)).isEqualTo(this.fixture.replicaServerId());
		}
	}

	@Test
	void aReplicaThatStopsApplyingIsDownUntilItAppliesAgain() {
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(5), ReadPolicy.defaults())) {
			ReplicaHealth health = router.health();
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			try {
				this.fixture.pauseApply();
				await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == ReplicaState.DOWN);
				assertThat(health.status().problem()).contains("does not apply changes", "SQL thread running: No");
				assertThat(freshRead(router)).isEqualTo(PRIMARY);
			}
			finally {
				this.fixture.resumeApply();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			assertThat(freshRead(router)).isEqualTo(this.fixture.replicaServerId());
		}
	}

	@Test
	void aReplicaThatStopsReceivingIsDownWhileThePrimaryAnswers() throws SQLException {
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(5), ReadPolicy.defaults())) {
			ReplicaHealth health = router.health();
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			try {
				this.fixture.pauseReceiving();
				await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == ReplicaState.DOWN);
				assertThat(health.status().problem()).contains("does not receive", "IO thread running: No");
				assertThat(freshRead(router)).isEqualTo(PRIMARY);
			}
			finally {
				this.fixture.resumeReceiving();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			assertThat(freshRead(router)).isEqualTo(this.fixture.replicaServerId());
		}
	}

	@Test
	void aKilledReplicaIsDownAndReadmittedOnceItIsBack() {
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(5), ReadPolicy.defaults())) {
			ReplicaHealth health = router.health();
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			// the replica served a read, so its pool's first connection is set up: a kill while HikariCP
			// reads the default isolation on it leaves the pool unable to connect (HikariCP issue
			// #1944, seen on CI; PoisonedReplicaPoolTests shows what Tether does about it)
			await().atMost(Duration.ofSeconds(10)).until(() -> freshRead(router) == this.fixture.replicaServerId());
			try {
				this.fixture.killReplica();
				await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == ReplicaState.DOWN);
				for (int i = 0; i < 20; i++) {
					assertThat(freshRead(router)).isEqualTo(PRIMARY);
				}
			}
			finally {
				this.fixture.startReplica();
			}
			long restarted = System.nanoTime();
			await().atMost(Duration.ofSeconds(15)).until(() -> health.state() == ReplicaState.UP);
			System.out.printf(this.fixture.label() + " replica kill: UP again %d ms after restart%n",
					(System.nanoTime() - restarted) / 1_000_000);
			awaitReadsOnTheReplica(router);
		}
	}

	/**
	 * Waits for a fresh read to reach the replica, which the probe readmitted: about 100 ms here.
	 * The time is printed, and a failure says what the replica's health, its pool and the last
	 * fallbacks were (which is how the poisoned pool above was found).
	 */
	private void awaitReadsOnTheReplica(BinlogTestRouter router) {
		long up = System.nanoTime();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> freshRead(router) == this.fixture.replicaServerId());
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Reads did not reach the readmitted replica within 10 s: " + router.diagnostics(), ex);
		}
		long millis = (System.nanoTime() - up) / 1_000_000;
		System.out.printf(this.fixture.label() + " replica kill: reads on the replica %d ms after it was UP%s%n", millis,
				(millis > 2000) ? "; " + router.diagnostics() : "");
	}

	@Test
	void withoutThePrivilegeToReadReplicationStatusTheProbeSaysSoOnceAndJudgesByPosition(CapturedOutput output)
			throws SQLException {
		String user = "tether_nomon";
		String password = "nomon-" + Long.toHexString(System.nanoTime());
		try (Connection admin = this.fixture.openPrimaryAdminConnection(); Statement statement = admin.createStatement()) {
			statement.execute("DROP USER IF EXISTS '" + user + "'@'127.0.0.1'");
			statement.execute("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
			statement.execute("GRANT ALL PRIVILEGES ON " + this.fixture.database() + ".* TO '" + user + "'@'127.0.0.1'");
		}
		this.fixture.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(1), ReadPolicy.defaults(), user,
				password)) {
			ReplicaHealth health = router.health();
			router.jdbc.update("UPDATE binlog_churn SET n = n + 1 WHERE id = 1");
			// many probe rounds (100 ms apart): the replica stays up, judged by its GTID position
			await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5))
				.until(() -> health.state() == ReplicaState.UP);
			await().atMost(Duration.ofSeconds(5)).until(() -> Duration.ZERO.equals(health.status().lag()));
			assertThat(health.replayPosition()).isPositive();
			assertThat(freshRead(router)).isEqualTo(this.fixture.replicaServerId());
			assertThat(output.getAll().split("Replica lag cannot be measured", -1)).as("warned once").hasSize(2);
			assertThat(output).contains("Grant it " + this.fixture.replicationStatusPrivilege()).doesNotContain(password);
		}
		finally {
			try (Connection admin = this.fixture.openPrimaryAdminConnection();
					Statement statement = admin.createStatement()) {
				statement.execute("DROP USER IF EXISTS '" + user + "'@'127.0.0.1'");
			}
			this.fixture.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		}
	}

	/** A read-only transaction of a session that wrote nothing: where does it go? */
	private int freshRead(BinlogTestRouter router) {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
			return router.readOnlyServerId();
		}
	}

	/** Commits an update on the primary every 50 ms, so a delayed replica falls behind. */
	private static final class Churn implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService executor = Executors.newSingleThreadExecutor();

		private final Future<?> writer;

		Churn(BinlogTestRouter router) {
			this.writer = this.executor.submit(() -> {
				while (this.running.get()) {
					router.jdbc.update("UPDATE binlog_churn SET n = n + 1 WHERE id = 1");
					LockSupport.parkNanos(50_000_000);
				}
			});
		}

		@Override
		public void close() throws Exception {
			this.running.set(false);
			try {
				this.writer.get(30, TimeUnit.SECONDS);
			}
			finally {
				this.executor.shutdownNow();
			}
		}

	}

	/** The cluster to prove it on; called once, after the subclass's extension started (or skipped) it. */
	protected abstract BinlogFixture fixture();

}
