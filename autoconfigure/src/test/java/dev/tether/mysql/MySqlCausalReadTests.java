package dev.tether.mysql;

import java.sql.Connection;
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
import dev.tether.routing.CausalSession;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.MySqlNode;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes by GTID on a real MySQL 8 primary and replica: after a session's write, its
 * read-only transaction goes to the replica only once the replica's {@code @@GLOBAL.gtid_executed}
 * holds the primary's transactions up to its {@code @@GLOBAL.gtid_executed} (waiting up to the causal
 * wait), else to the primary;
 * reads that follow no write stay on the replica. The delay is undone in {@code finally}: the
 * cluster is shared.
 */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlCausalReadTests {

	private static final int THREADS = 8;

	private static EmbeddedReplicatedMySql cluster;

	private static MySqlNode replica;

	private static final AtomicLong ids = new AtomicLong();

	@BeforeAll
	static void table(EmbeddedReplicatedMySql mysql) throws SQLException {
		cluster = mysql;
		replica = mysql.replica(0);
		try (Connection connection = mysql.primary().openAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS my_ryw (id BIGINT PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB");
			statement.execute("DELETE FROM my_ryw");
		}
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@Test
	void behindADelayedReplicaOwnWritesAreNeverReadStaleAndOtherReadsStayOnTheReplica() throws Exception {
		// max-lag above the delay: the replica stays UP, so only read-your-writes keeps reads off it
		try (MySqlTestRouter router = new MySqlTestRouter(cluster, Duration.ofSeconds(30), ReadPolicy.defaults())) {
			try {
				replica.setDelay(Duration.ofSeconds(2));
				await().atMost(Duration.ofSeconds(10)).until(() -> router.health(replica).state() == ReplicaState.UP);
				Counts counts = run(router, Duration.ofSeconds(8));
				System.out.println("MySQL read-your-writes, SOURCE_DELAY = 2 s: " + counts);
				assertThat(counts.own.get()).isGreaterThan(100);
				assertThat(counts.stale.get()).as("stale reads of one's own writes").isZero();
				assertThat(counts.otherOnReplica.get()).as("reads that follow no write, on the replica")
					.isGreaterThanOrEqualTo(counts.other.get() * 9 / 10);
			}
			finally {
				replica.setDelay(Duration.ZERO);
			}
		}
	}

	@Test
	void withoutADelayOwnWritesAreReadOnTheReplicaOnceItHasReplayedThem() throws Exception {
		try (MySqlTestRouter router = new MySqlTestRouter(cluster, Duration.ofSeconds(30), ReadPolicy.defaults())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> router.health(replica).state() == ReplicaState.UP);
			Counts counts = run(router, Duration.ofSeconds(4));
			System.out.println("MySQL read-your-writes, no delay: " + counts);
			assertThat(counts.stale.get()).as("stale reads of one's own writes").isZero();
			assertThat(counts.ownOnReplica.get()).as("own reads served by the replica after its GTID caught up")
				.isPositive();
		}
	}

	@Test
	void withReadYourWritesOffTheSameWorkloadReadsStaleData() throws Exception {
		// the control: proves the workload above would see a stale read if there were one to see
		ReadPolicy none = new ReadPolicy(ReadPolicy.ReadYourWrites.NONE, Duration.ZERO, Duration.ZERO, true);
		try (MySqlTestRouter router = new MySqlTestRouter(cluster, Duration.ofSeconds(30), none)) {
			try {
				replica.setDelay(Duration.ofSeconds(2));
				await().atMost(Duration.ofSeconds(10)).until(() -> router.health(replica).state() == ReplicaState.UP);
				Counts counts = run(router, Duration.ofSeconds(2));
				System.out.println("MySQL read-your-writes off, SOURCE_DELAY = 2 s: " + counts);
				assertThat(counts.stale.get()).isPositive();
			}
			finally {
				replica.setDelay(Duration.ZERO);
			}
		}
	}

	/**
	 * Each of {@link #THREADS} threads, in a new session each time: writes a row in a read-write
	 * transaction and reads it back in a read-only one; then, in another new session, reads.
	 */
	private static Counts run(MySqlTestRouter router, Duration duration) throws Exception {
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
							if (router.readOnlyServerId() == replica.serverId()) {
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

	private static void writeThenRead(MySqlTestRouter router, Counts counts) {
		long id = ids.incrementAndGet();
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
			router.readWrite.executeWithoutResult(
					(status) -> router.jdbc.update("INSERT INTO my_ryw (id, v) VALUES (?, ?)", id, id * 10));
			long[] seen = router.readOnly.execute((status) -> router.jdbc.query(
					"SELECT (SELECT v FROM my_ryw WHERE id = ?), @@server_id",
					(rs) -> rs.next() ? new long[] { rs.getLong(1), rs.getLong(2) } : null, id));
			counts.own.incrementAndGet();
			if (seen[0] != id * 10) {
				counts.stale.incrementAndGet();
			}
			if (seen[1] == replica.serverId()) {
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

}
