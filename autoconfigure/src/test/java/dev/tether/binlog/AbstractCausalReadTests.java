package dev.tether.binlog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.replica.ReplicaState;
import dev.tether.replica.ReplicationProbe;
import dev.tether.routing.CausalSession;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingContextHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes by GTID on a real MySQL 8 or MariaDB primary and replica (one subclass per
 * database): after a session's write, its read-only transaction goes to the replica only once the
 * replica has applied the primary's GTIDs up to the write (MySQL {@code @@GLOBAL.gtid_executed},
 * MariaDB {@code @@gtid_slave_pos} against {@code @@gtid_binlog_pos}), waiting up to the causal wait
 * on the server ({@code WAIT_FOR_EXECUTED_GTID_SET}, {@code MASTER_GTID_WAIT}), else to the primary;
 * reads that follow no write stay on the replica. The delay is undone in {@code finally}: the
 * cluster is shared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // @BeforeAll asks the subclass for its fixture
public abstract class AbstractCausalReadTests {

	private static final int THREADS = 8;

	private BinlogFixture fixture;

	private final AtomicLong ids = new AtomicLong();

	@BeforeAll
	void table() throws SQLException {
		this.fixture = fixture();
		try (Connection connection = this.fixture.openPrimaryAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS binlog_ryw (id BIGINT PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB");
			statement.execute("DELETE FROM binlog_ryw");
		}
		this.fixture.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@Test
	void behindADelayedReplicaOwnWritesAreNeverReadStaleAndOtherReadsStayOnTheReplica() throws Exception {
		// max-lag above the delay: the replica stays UP, so only read-your-writes keeps reads off it
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(30), ReadPolicy.defaults())) {
			try {
				this.fixture.setReplicaDelay(Duration.ofSeconds(2));
				await().atMost(Duration.ofSeconds(10)).until(() -> router.health().state() == ReplicaState.UP);
				Counts counts = run(router, Duration.ofSeconds(8));
				System.out.println(this.fixture.label() + " read-your-writes, " + this.fixture.delaySetting() + " = 2 s: " + counts);
				assertThat(counts.own.get()).isGreaterThan(100);
				assertThat(counts.stale.get()).as("stale reads of one's own writes").isZero();
				assertThat(counts.otherOnReplica.get()).as("reads that follow no write, on the replica")
					.isGreaterThanOrEqualTo(counts.other.get() * 9 / 10);
			}
			finally {
				this.fixture.setReplicaDelay(Duration.ZERO);
			}
		}
	}

	@Test
	void withoutADelayOwnWritesAreReadOnTheReplicaOnceItHasReplayedThem() throws Exception {
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(30), ReadPolicy.defaults())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> router.health().state() == ReplicaState.UP);
			Counts counts = run(router, Duration.ofSeconds(4));
			System.out.println(this.fixture.label() + " read-your-writes, no delay: " + counts);
			assertThat(counts.stale.get()).as("stale reads of one's own writes").isZero();
			assertThat(counts.ownOnReplica.get()).as("own reads served by the replica after its GTID caught up")
				.isPositive();
		}
	}

	@Test
	void withReadYourWritesOffTheSameWorkloadReadsStaleData() throws Exception {
		// the control: proves the workload above would see a stale read if there were one to see
		ReadPolicy none = new ReadPolicy(ReadPolicy.ReadYourWrites.NONE, Duration.ZERO, Duration.ZERO, true);
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(30), none)) {
			try {
				this.fixture.setReplicaDelay(Duration.ofSeconds(2));
				await().atMost(Duration.ofSeconds(10)).until(() -> router.health().state() == ReplicaState.UP);
				Counts counts = run(router, Duration.ofSeconds(2));
				System.out.println(this.fixture.label() + " read-your-writes off, " + this.fixture.delaySetting() + " = 2 s: " + counts);
				assertThat(counts.stale.get()).isPositive();
			}
			finally {
				this.fixture.setReplicaDelay(Duration.ZERO);
			}
		}
	}

	@Test
	void theProbeWaitsOnTheReplicaUntilItHasThePositionAndGivesUpAtTheBound() throws Exception {
		try (BinlogTestRouter router = new BinlogTestRouter(this.fixture, Duration.ofSeconds(30), ReadPolicy.defaults());
				Connection primary = DriverManager.getConnection(this.fixture.primaryJdbcUrl(), this.fixture.username(),
						this.fixture.password());
				Connection replica = DriverManager.getConnection(this.fixture.replicaJdbcUrl(), this.fixture.username(),
						this.fixture.password())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> router.health().state() == ReplicaState.UP);
			ReplicationProbe probe = router.dataSource.getMonitor().probe();
			try {
				this.fixture.pauseApply();
				router.jdbc.update("INSERT INTO binlog_ryw (id, v) VALUES (?, 0)", this.ids.incrementAndGet());
				long position = probe.primaryPosition(primary);
				long start = System.nanoTime();
				assertThat(probe.awaitReplay(replica, position, Duration.ofMillis(300)))
					.as("not applied while the applier is stopped").isFalse();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the whole bound")
					.isGreaterThanOrEqualTo(Duration.ofMillis(250));
				this.fixture.resumeApply();
				assertThat(probe.awaitReplay(replica, position, Duration.ofSeconds(30))).isTrue();
				assertThat(probe.replayPosition(replica)).isGreaterThanOrEqualTo(position);
			}
			finally {
				this.fixture.resumeApply();
			}
		}
	}

	/**
	 * Each of {@link #THREADS} threads, in a new session each time: writes a row in a read-write
	 * transaction and reads it back in a read-only one; then, in another new session, reads.
	 */
	private Counts run(BinlogTestRouter router, Duration duration) throws Exception {
		Counts counts = new Counts();
		long deadline = System.nanoTime() + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				workers.add(pool.submit(() -> {
					while (System.nanoTime() < deadline) {
						writeThenRead(router, counts);
						try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
							counts.other.incrementAndGet();
							if (router.readOnlyServerId() == this.fixture.replicaServerId()) {
								counts.otherOnReplica.incrementAndGet();
							}
						}
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		return counts;
	}

	private void writeThenRead(BinlogTestRouter router, Counts counts) {
		long id = ids.incrementAndGet();
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
			router.readWrite.executeWithoutResult(
					(status) -> router.jdbc.update("INSERT INTO binlog_ryw (id, v) VALUES (?, ?)", id, id * 10));
			long[] seen = router.readOnly.execute((status) -> router.jdbc.query(
					"SELECT (SELECT v FROM binlog_ryw WHERE id = ?), @@server_id",
					(rs) -> rs.next() ? new long[] { rs.getLong(1), rs.getLong(2) } : null, id));
			counts.own.incrementAndGet();
			if (seen[0] != id * 10) {
				counts.stale.incrementAndGet();
			}
			if (seen[1] == this.fixture.replicaServerId()) {
				counts.ownOnReplica.incrementAndGet();
			}
		}
	}

	private static final class Counts {

		final AtomicLong own = new AtomicLong();

		final AtomicLong stale = new AtomicLong();

		final AtomicLong ownOnReplica = new AtomicLong();

		final AtomicLong other = new AtomicLong();

		final AtomicLong otherOnReplica = new AtomicLong();

		@Override
		public String toString() {
			return this.own + " own reads (" + this.stale + " stale, " + this.ownOnReplica + " on the replica), "
					+ this.other + " reads that follow no write (" + this.otherOnReplica + " on the replica)";
		}

	}

	/** The cluster to prove it on; called once, after the subclass's extension started (or skipped) it. */
	protected abstract BinlogFixture fixture();

}
