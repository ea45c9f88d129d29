package dev.tether.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.binlog.BinlogFixture;
import dev.tether.binlog.BinlogTestRouter;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.routing.ReadPolicy;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A role change on a real MySQL 8 primary, made live and undone: {@code SET GLOBAL
 * super_read_only = 1} is what a failover tool (Orchestrator, MySQL Shell's InnoDB ReplicaSet) does
 * to demote a primary, keeping every connection open, so only an eviction makes the pool's
 * connections ask the URL again. The shared cluster's primary is made writable again in
 * {@code finally}.
 */
@ExtendWith({ ReplicatedMySqlExtension.class, OutputCaptureExtension.class })
class MySqlRoleChangeTests {

	/** This router's pool: other routers of the test JVM that probe the shared primary log it too. */
	private static final String LOGGED = "Primary (pool 'test-mysql-role-primary') answers as a standby (@@super_read_only = 1)";

	@Test
	void aReadOnlyPrimaryIsARoleChangeLoggedOnceWhileItLastsAndAgainWhenItComesBack(EmbeddedReplicatedMySql cluster,
			CapturedOutput output) throws Exception {
		try (BinlogTestRouter router = BinlogTestRouter.named(BinlogFixture.of(cluster), Duration.ofSeconds(5),
				ReadPolicy.defaults(), "test-mysql-role-")) {
			ReplicaMonitor monitor = router.dataSource.getMonitor();
			HikariDataSource pool = (HikariDataSource) router.dataSource.getPrimary();
			router.jdbc.queryForObject("SELECT 1", Integer.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.primaryHealth().status().checkedAt() != null);
			long before = monitor.roleChanges();
			try {
				setReadOnly(cluster, true);
				await().atMost(Duration.ofSeconds(10)).until(() -> monitor.roleChanges() == before + 1);
				assertThat(monitor.primaryAnswersAsStandby()).isEqualTo("@@super_read_only = 1");
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
			router.jdbc.update("CREATE TABLE IF NOT EXISTS mysql_role_change (id INT PRIMARY KEY)");
		}
	}

	private static void setReadOnly(EmbeddedReplicatedMySql cluster, boolean readOnly) throws SQLException {
		try (Connection connection = cluster.primary().openAdminConnection();
				Statement statement = connection.createStatement()) {
			// super_read_only = 1 sets read_only too; read_only = 0 clears both
			statement.execute(readOnly ? "SET GLOBAL super_read_only = 1" : "SET GLOBAL read_only = 0");
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
