package dev.tether.binlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.routing.ReadPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A role change on a real MySQL-family primary, made live and undone: setting it read-only is what
 * a failover tool (Orchestrator, MySQL Shell's InnoDB ReplicaSet, MariaDB's MaxScale) does to demote
 * a primary, and unlike PostgreSQL it keeps every connection open, so only an eviction makes the
 * pool's connections ask the URL again. The shared cluster's primary is made writable again in
 * {@code finally}. A subclass per database names its fixture and how it demotes the primary.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractRoleChangeTests {

	/** The subclass's cluster, after its extension started it. */
	protected abstract BinlogFixture fixture();

	/** What the probe reports while the primary is read-only, e.g. {@code @@read_only = 1}. */
	protected abstract String answerAsStandby();

	/** The statement that makes the primary read-only, or writable again. */
	protected abstract String setReadOnly(boolean readOnly);

	@Test
	void aReadOnlyPrimaryIsARoleChangeLoggedOnceWhileItLastsAndAgainWhenItComesBack(CapturedOutput output)
			throws Exception {
		BinlogFixture fixture = fixture();
		String prefix = "test-" + fixture.label().toLowerCase(java.util.Locale.ROOT) + "-role-";
		// this router's pool: other routers of the test JVM that probe the shared primary log it too
		String logged = "Primary (pool '" + prefix + "primary') answers as a standby (" + answerAsStandby() + ")";
		try (BinlogTestRouter router = BinlogTestRouter.named(fixture, Duration.ofSeconds(5), ReadPolicy.defaults(),
				prefix)) {
			ReplicaMonitor monitor = router.dataSource.getMonitor();
			HikariDataSource pool = (HikariDataSource) router.dataSource.getPrimary();
			router.jdbc.queryForObject("SELECT 1", Integer.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.primaryHealth().status().checkedAt() != null);
			long before = monitor.roleChanges();
			try {
				demote(fixture, true);
				await().atMost(Duration.ofSeconds(10)).until(() -> monitor.roleChanges() == before + 1);
				assertThat(monitor.primaryAnswersAsStandby()).isEqualTo(answerAsStandby());
				// rounds go by while it lasts: counted and logged once
				long rounds = monitor.primaryHealth().status().checkedAt().toEpochMilli();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> monitor.primaryHealth().status().checkedAt().toEpochMilli() > rounds + 300);
				assertThat(monitor.roleChanges()).isEqualTo(before + 1);
				assertThat(count(output.getAll(), logged)).isEqualTo(1);
				assertThat(output.getAll()).contains("Its pool's connections were evicted");
				assertThat(pool.getHikariPoolMXBean()).isNotNull();

				demote(fixture, false);
				await().atMost(Duration.ofSeconds(10)).until(() -> monitor.primaryAnswersAsStandby() == null);
				demote(fixture, true);
				await().atMost(Duration.ofSeconds(10)).until(() -> monitor.roleChanges() == before + 2);
				assertThat(count(output.getAll(), logged)).as("logged again after it cleared and came back").isEqualTo(2);
			}
			finally {
				demote(fixture, false);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.primaryAnswersAsStandby() == null);
			router.jdbc.update("CREATE TABLE IF NOT EXISTS binlog_role_change (id INT PRIMARY KEY)");
		}
	}

	private void demote(BinlogFixture fixture, boolean readOnly) throws SQLException {
		try (Connection connection = fixture.openPrimaryAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(setReadOnly(readOnly));
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
