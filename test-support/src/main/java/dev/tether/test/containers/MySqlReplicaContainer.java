package dev.tether.test.containers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A MySQL 8 replica of a Testcontainers {@link MySQLContainer}, replaying the primary's binary
 * log from its first file with GTIDs, and {@code super_read_only} on (writes are refused with error
 * 1290, to every user).
 *
 * <p>MySQL 8 writes a binary log by default, so the primary may already run when the replica
 * starts (as with Spring Boot {@code @Bean} containers). Its log then starts with anonymous
 * transactions (no GTIDs), which a primary in {@code gtid_mode = ON} refuses to send: the replica
 * turns the primary's {@code gtid_mode} online, step by step as MySQL allows, to
 * {@code ON_PERMISSIVE}, replays the log, and turns it to {@code ON} once no replica still replays
 * (a later replica of that primary steps it back to {@code ON_PERMISSIVE} meanwhile). A primary that
 * has not started gets {@code gtid_mode = ON} and {@code enforce_gtid_consistency = ON} from its
 * first start (a file in {@code /etc/mysql/conf.d}). Either way the primary then enforces GTID
 * consistency, as a GTID primary in production does.
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

	private static final String[] GTID_MODE_STEPS = { "OFF", "OFF_PERMISSIVE", "ON_PERMISSIVE", "ON" };

	/**
	 * Primaries whose binary log starts with anonymous transactions (they ran before a replica
	 * turned their GTIDs on), with the number of replicas still replaying them.
	 */
	private static final Map<JdbcDatabaseContainer<?>, Integer> lateGtidPrimaries = new IdentityHashMap<>();

	/** Whether this replica holds its primary in gtid_mode ON_PERMISSIVE until it caught up. */
	private boolean catchingUp;

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
		synchronized (lateGtidPrimaries) {
			Integer catchingUp = lateGtidPrimaries.get(getPrimary());
			if (catchingUp == null && "ON".equals(mode)) {
				return; // GTIDs from the primary's first start: the whole log has them
			}
			// The log starts with anonymous transactions, which a primary in gtid_mode ON refuses to
			// send: ON_PERMISSIVE (new transactions get GTIDs) until this replica has applied them.
			primary.execute("SET GLOBAL enforce_gtid_consistency = ON");
			for (String step : GTID_MODE_STEPS) {
				if (rank(step) > rank(mode) && rank(step) <= rank("ON_PERMISSIVE")) {
					primary.execute("SET GLOBAL gtid_mode = " + step);
				}
			}
			if ("ON".equals(mode)) {
				primary.execute("SET GLOBAL gtid_mode = ON_PERMISSIVE");
			}
			lateGtidPrimaries.put(getPrimary(), (catchingUp != null) ? catchingUp + 1 : 1);
			this.catchingUp = true;
		}
	}

	/** Turns the primary's gtid_mode to ON once no replica still needs its anonymous transactions. */
	@Override
	void caughtUp(Statement primary) throws SQLException {
		if (!this.catchingUp) {
			return;
		}
		synchronized (lateGtidPrimaries) {
			this.catchingUp = false;
			int left = lateGtidPrimaries.merge(getPrimary(), -1, Integer::sum);
			if (left == 0) {
				awaitNoAnonymousTransactions(primary);
				primary.execute("SET GLOBAL gtid_mode = ON");
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

	@Override
	String[] primaryPositionQueries() {
		// SHOW BINARY LOG STATUS from 8.2 on (8.4 dropped SHOW MASTER STATUS); SHOW MASTER STATUS before.
		return new String[] { "SHOW BINARY LOG STATUS", "SHOW MASTER STATUS" };
	}

	@Override
	String positionWaitFunction() {
		return "SOURCE_POS_WAIT";
	}

	private static int rank(String mode) {
		return java.util.Arrays.asList(GTID_MODE_STEPS).indexOf(mode);
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
