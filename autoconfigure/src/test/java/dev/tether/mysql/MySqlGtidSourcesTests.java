package dev.tether.mysql;

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
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A MySQL primary whose {@code gtid_executed} holds the GTIDs of two sources (as after a failover,
 * when the new primary keeps the old one's transactions) has no single comparable position: lag
 * still comes from the replica's seconds, and a read that follows its session's write keeps to the
 * primary for the read-your-writes window, then returns to the replica. On a cluster of its own,
 * because a second source cannot be taken back from the shared one.
 */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlGtidSourcesTests {

	private static final Duration WINDOW = Duration.ofMillis(500);

	private static EmbeddedReplicatedMySql cluster;

	@BeforeAll
	static void twoSources() throws SQLException {
		cluster = EmbeddedReplicatedMySql.start(1);
		try (Connection connection = cluster.primary().openAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE sources (id BIGINT PRIMARY KEY) ENGINE=InnoDB");
			// a transaction of another server, as a promoted replica holds its old primary's
			statement.execute("SET gtid_next = '3e11fa47-71ca-11e1-9e33-c80aa9429562:1'");
			statement.execute("INSERT INTO sources VALUES (0)");
			statement.execute("SET gtid_next = AUTOMATIC");
		}
		cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(cluster.primary().gtidExecuted()).as("two sources").contains(",");
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
			// with positions unknown a lag can only come from Seconds_Behind_Source; awaited with the
			// state, because on a loaded machine one probe round may time out (DOWN, no lag) meanwhile
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !router.dataSource.getMonitor().positionsKnown() && health.state() == ReplicaState.UP
						&& health.status().lag() != null);
			try (RoutingContextHolder.Scope session = RoutingContextHolder.openSession(new CausalSession())) {
				assertThat(router.readOnlyServerId()).as("no write yet").isEqualTo(cluster.replica(0).serverId());
				long wrote = System.nanoTime();
				router.readWrite.executeWithoutResult(
						(status) -> router.jdbc.update("INSERT INTO sources VALUES (?)", System.nanoTime()));
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
