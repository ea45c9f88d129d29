package dev.tether.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.tether.binlog.BinlogFixture;
import dev.tether.binlog.BinlogTestRouter;
import dev.tether.replica.ReplicaHealth;
import dev.tether.replica.ReplicaState;
import dev.tether.routing.CausalSession;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A MariaDB primary with two GTID domains has no single comparable position: lag still comes from
 * the replica's seconds, and a read that follows its session's write keeps to the primary for the
 * read-your-writes window, then returns to the replica. On a cluster of its own, because a second
 * domain cannot be taken back from the shared one.
 */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbGtidDomainsTests {

	private static final Duration WINDOW = Duration.ofMillis(500);

	private static EmbeddedReplicatedMariaDb cluster;

	@BeforeAll
	static void twoDomains() throws SQLException {
		cluster = EmbeddedReplicatedMariaDb.start(1);
		try (Connection connection = cluster.primary().openAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE domains (id BIGINT PRIMARY KEY) ENGINE=InnoDB");
			statement.execute("SET SESSION gtid_domain_id = 1");
			statement.execute("INSERT INTO domains VALUES (0)");
		}
		cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(cluster.primary().gtidBinlogPos()).as("two domains").contains(",");
	}

	@AfterAll
	static void stop() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void readsThatFollowAWriteKeepToThePrimaryForTheWindowAndLagStillCounts() {
		ReadPolicy policy = new ReadPolicy(ReadPolicy.ReadYourWrites.CAUSAL, Duration.ofMillis(20), WINDOW, true);
		try (BinlogTestRouter router = new BinlogTestRouter(BinlogFixture.of(cluster), Duration.ofSeconds(5), policy)) {
			ReplicaHealth health = router.health();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !router.dataSource.getMonitor().positionsKnown() && health.state() == ReplicaState.UP);
			assertThat(health.status().lag()).as("from Seconds_Behind_Master").isNotNull();
			try (RoutingContextHolder.Scope session = RoutingContextHolder.openSession(new CausalSession())) {
				assertThat(router.readOnlyServerId()).as("no write yet").isEqualTo(cluster.replica(0).serverId());
				long wrote = System.nanoTime();
				router.readWrite.executeWithoutResult(
						(status) -> router.jdbc.update("INSERT INTO domains VALUES (?)", System.nanoTime()));
				int afterWrite = router.readOnlyServerId();
				if (System.nanoTime() - wrote < WINDOW.toNanos()) {
					assertThat(afterWrite).as("within the window after the write").isEqualTo(1);
				}
				// in this thread: the session is the thread's routing context
				await().pollInSameThread()
					.atMost(Duration.ofSeconds(5))
					.until(() -> router.readOnlyServerId() == cluster.replica(0).serverId());
				assertThat(Duration.ofNanos(System.nanoTime() - wrote)).isGreaterThanOrEqualTo(WINDOW);
			}
		}
	}

}
