package dev.tether.test.containers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.testcontainers.mysql.MySQLContainer;

/**
 * A MySQL 8 replica of a Testcontainers {@link MySQLContainer}, replaying the primary's binary
 * log from its first file with GTIDs, and {@code super_read_only} on (writes are refused with error
 * 1290, to every user).
 *
 * <p>MySQL 8 writes a binary log by default, so the primary may already run when the replica
 * starts (as with Spring Boot {@code @Bean} containers): the replica then turns the primary's
 * {@code gtid_mode} to {@code ON} online, step by step, as MySQL allows. A primary that has not
 * started gets {@code gtid_mode = ON} and {@code enforce_gtid_consistency = ON} from its first
 * start (a file in {@code /etc/mysql/conf.d}). Either way the primary then enforces GTID consistency,
 * as a GTID primary in production does.
 *
 * <pre class="code">
 * MySQLContainer primary = new MySQLContainer(TetherImages.mysql());
 * MySqlReplicaContainer replica = new MySqlReplicaContainer(primary);
 * replica.start(); // starts the primary first
 * </pre>
 */
public class MySqlReplicaContainer extends BinlogReplicaContainer<MySqlReplicaContainer> {

	private static final String PRIMARY_CONFIGURATION = """
			[mysqld]
			server_id = 1
			gtid_mode = ON
			enforce_gtid_consistency = ON
			""";

	private static final String[] GTID_MODE_STEPS = { "OFF_PERMISSIVE", "ON_PERMISSIVE", "ON" };

	/**
	 * A replica of {@code primary}; create it before or after the primary starts.
	 * @param primary the primary container it replicates
	 */
	public MySqlReplicaContainer(MySQLContainer primary) {
		super(primary);
	}

	@Override
	public void pauseApply() {
		control(true, "STOP REPLICA SQL_THREAD");
	}

	@Override
	public void resumeApply() {
		control(false, "START REPLICA SQL_THREAD");
	}

	@Override
	public void setApplyDelay(Duration delay) {
		control(false, "STOP REPLICA SQL_THREAD", "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + wholeSeconds(delay),
				"START REPLICA SQL_THREAD");
	}

	@Override
	String environmentPrefix() {
		return "MYSQL_";
	}

	@Override
	String primaryConfiguration() {
		return PRIMARY_CONFIGURATION;
	}

	@Override
	String replicaConfiguration(int serverId) {
		// ON_PERMISSIVE: the log of a primary that turned GTIDs on late starts with anonymous transactions.
		// super_read_only is set once replication runs: the image's initialisation writes as root.
		return "[mysqld]\nserver_id = " + serverId + "\ngtid_mode = ON_PERMISSIVE\nenforce_gtid_consistency = ON\n"
				+ "relay_log_recovery = ON\nskip-name-resolve\n";
	}

	@Override
	void prepareSource(Statement primary) throws SQLException {
		String mode;
		try (ResultSet result = primary.executeQuery("SELECT @@GLOBAL.gtid_mode, @@GLOBAL.log_bin")) {
			result.next();
			mode = result.getString(1);
			if (!result.getBoolean(2)) {
				throw new IllegalStateException("MySqlReplicaContainer '" + getReplicaName()
						+ "': the primary writes no binary log (started with --skip-log-bin?), so nothing can"
						+ " replicate from it; remove that option");
			}
		}
		if ("ON".equals(mode)) {
			return;
		}
		primary.execute("SET GLOBAL enforce_gtid_consistency = ON");
		boolean past = false;
		for (String step : GTID_MODE_STEPS) {
			if (past || step.equals(nextStep(mode))) {
				past = true;
				if ("ON".equals(step)) {
					awaitNoAnonymousTransactions(primary);
				}
				primary.execute("SET GLOBAL gtid_mode = " + step);
			}
		}
	}

	@Override
	String[] startReplication(String host, String user, String password, String firstLogFile) {
		return new String[] {
				"CHANGE REPLICATION SOURCE TO SOURCE_HOST = " + quote(host) + ", SOURCE_PORT = " + PORT + ", SOURCE_USER = "
						+ quote(user) + ", SOURCE_PASSWORD = " + quote(password) + ", SOURCE_LOG_FILE = "
						+ quote(firstLogFile) + ", SOURCE_LOG_POS = 4, GET_SOURCE_PUBLIC_KEY = 1",
				"START REPLICA", "SET PERSIST super_read_only = ON" };
	}

	@Override
	String statusQuery() {
		return "SHOW REPLICA STATUS";
	}

	@Override
	String[] runningColumns() {
		return new String[] { "Replica_IO_Running", "Replica_SQL_Running" };
	}

	private static String nextStep(String mode) {
		return switch (mode) {
			case "OFF" -> "OFF_PERMISSIVE";
			case "OFF_PERMISSIVE" -> "ON_PERMISSIVE";
			default -> "ON";
		};
	}

	private static void awaitNoAnonymousTransactions(Statement primary) throws SQLException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try (ResultSet result = primary.executeQuery("SHOW STATUS LIKE 'Ongoing_anonymous_transaction_count'")) {
				if (!result.next() || result.getLong(2) == 0 || System.nanoTime() > deadline) {
					return;
				}
			}
			sleep(Duration.ofMillis(50));
		}
	}

}
