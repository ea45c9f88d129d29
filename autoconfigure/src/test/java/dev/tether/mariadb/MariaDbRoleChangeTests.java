package dev.tether.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.binlog.BinlogFixture;
import dev.tether.binlog.BinlogTestRouter;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.routing.ReadPolicy;
import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A role change on a real MariaDB primary, made live and undone: {@code SET GLOBAL read_only = 1}
 * is what a failover tool does to demote a MariaDB or MySQL primary, and unlike PostgreSQL it keeps
 * every connection open, so only an eviction makes the pool's connections ask the URL again. The
 * shared cluster's primary is made writable again in {@code finally}.
 */
@ExtendWith({ ReplicatedMariaDbExtension.class, OutputCaptureExtension.class })
class MariaDbRoleChangeTests {

	/** This router's pool: other routers of the test JVM that probe the shared primary log it too. */
	private static final String LOGGED = "Primary (pool 'test-mariadb-role-primary') answers as a standby (@@read_only = 1)";

	@Test
	void aReadOnlyPrimaryIsARoleChangeLoggedOnceWhileItLastsAndAgainWhenItComesBack(EmbeddedReplicatedMariaDb cluster,
			CapturedOutput output) throws Exception {
		try (BinlogTestRouter router = BinlogTestRouter.named(BinlogFixture.of(cluster), Duration.ofSeconds(5),
				ReadPolicy.defaults(), "test-mariadb-role-")) {
			ReplicaMonitor monitor = router.dataSource.getMonitor();
			HikariDataSource pool = (HikariDataSource) router.dataSource.getPrimary();
			router.jdbc.queryForObject("SELECT 1", Integer.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.primaryHealth().status().checkedAt() != null);
			long before = monitor.roleChanges();
			try {
				setReadOnly(cluster, true);
				await().atMost(Duration.ofSeconds(10)).until(() -> monitor.roleChanges() == before + 1);
				assertThat(monitor.primaryAnswersAsStandby()).isEqualTo("@@read_only = 1");
				// rounds go by while it lasts: counted and logged once
				long rounds = monitor.primaryHealth().status().checkedAt().toEpochMilli();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> monitor.primaryHealth().status().checkedAt().toEpochMilli() > rounds + 300);
				assertThat(monitor.roleChanges()).isEqualTo(before + 1);
				assertThat(count(output.getAll(), LOGGED)).isEqualTo(1);
				assertThat(output.getAll()).contains("Its pool's connections were evicted");
				assertThat(pool.getHikariPoolMXBean()).isNotNull();

				setReadOnly(cluster, false);
				await().atMost(Duration.ofSeconds(10)).until(() -> monitor.primaryAnswersAsStandby() == null);
				setReadOnly(cluster, true);
				await().atMost(Duration.ofSeconds(10)).until(() -> monitor.roleChanges() == before + 2);
				assertThat(count(output.getAll(), LOGGED)).as("logged again after it cleared and came back").isEqualTo(2);
			}
			finally {
				setReadOnly(cluster, false);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.primaryAnswersAsStandby() == null);
			router.jdbc.update("CREATE TABLE IF NOT EXISTS mdb_role_change (id INT PRIMARY KEY)");
		}
	}

	private static void setReadOnly(EmbeddedReplicatedMariaDb cluster, boolean readOnly) throws SQLException {
		try (Connection connection = cluster.primary().openAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("SET GLOBAL read_only = " + (readOnly ? 1 : 0));
		}
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

}
