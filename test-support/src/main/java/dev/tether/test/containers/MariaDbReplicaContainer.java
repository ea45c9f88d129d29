package dev.tether.test.containers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.testcontainers.mariadb.MariaDBContainer;

/**
 * A MariaDB replica of a Testcontainers {@link MariaDBContainer}, replicating with GTIDs
 * ({@code MASTER_USE_GTID = slave_pos}) from the start of the primary's binary log, with
 * {@code read_only} on (the application's user, who has no administrative privilege, is refused
 * writes with error 1290; root, who replicates and controls replication, is not).
 *
 * <p><strong>Create it before the primary starts.</strong> MariaDB writes no binary log by default
 * and cannot start one while running, so the constructor gives a primary that has not started yet
 * {@code log-bin} and {@code server-id = 1} (a file in {@code /etc/mysql/conf.d}). A primary
 * started earlier needs {@code --log-bin} of its own (for example
 * {@code primary.withCommand("--log-bin=mysql-bin", "--server-id=1")}) or the replica fails to
 * start, saying so. With Spring Boot {@code @Bean} containers, which start the primary before the
 * replica's bean method runs, declare the primary with {@link #configurePrimary(MariaDBContainer)}.
 *
 * <pre class="code">
 * MariaDBContainer primary = new MariaDBContainer(TetherImages.mariadb());
 * MariaDbReplicaContainer replica = new MariaDbReplicaContainer(primary);
 * replica.start(); // starts the primary first
 * </pre>
 */
public class MariaDbReplicaContainer extends BinlogReplicaContainer<MariaDbReplicaContainer> {

	private static final String PRIMARY_CONFIGURATION = """
			[mysqld]
			server-id = 1
			log-bin = mysql-bin
			binlog-format = ROW
			""";

	/**
	 * A replica of {@code primary}.
	 * @param primary the primary container it replicates, not started yet (see the class comment)
	 */
	public MariaDbReplicaContainer(MariaDBContainer primary) {
		super(primary);
	}

	/**
	 * Gives a primary that has not started the binary log a replica needs, for declaring a primary
	 * whose replicas are created after it started (Spring Boot {@code @Bean} containers).
	 * @param primary a primary that has not started
	 * @return {@code primary}
	 */
	public static MariaDBContainer configurePrimary(MariaDBContainer primary) {
		if (primary.getContainerId() != null) {
			throw new IllegalStateException("MariaDbReplicaContainer.configurePrimary(primary): the primary has already"
					+ " started; call it before starting the primary");
		}
		return primary.withCommand("--log-bin=mysql-bin", "--server-id=1", "--binlog-format=ROW");
	}

	@Override
	public void pauseApply() {
		control(true, "STOP SLAVE SQL_THREAD");
	}

	@Override
	public void resumeApply() {
		control(false, "START SLAVE SQL_THREAD");
	}

	@Override
	public void setApplyDelay(Duration delay) {
		control(false, "STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = " + wholeSeconds(delay), "START SLAVE");
	}

	@Override
	String environmentPrefix() {
		return "MARIADB_";
	}

	@Override
	String primaryConfiguration() {
		return PRIMARY_CONFIGURATION;
	}

	@Override
	String replicaConfiguration(int serverId) {
		return "[mysqld]\nserver-id = " + serverId + "\nread-only = 1\nrelay-log = relay-bin\nskip-name-resolve\n";
	}

	@Override
	void prepareSource(Statement primary) throws SQLException {
		try (ResultSet logBin = primary.executeQuery("SELECT @@log_bin")) {
			logBin.next();
			if (!logBin.getBoolean(1)) {
				throw new IllegalStateException("MariaDbReplicaContainer '" + getReplicaName()
						+ "': the primary writes no binary log, so nothing can replicate from it. Create the replica"
						+ " before the primary starts, or declare the primary with"
						+ " MariaDbReplicaContainer.configurePrimary(new MariaDBContainer(...))");
			}
		}
	}

	@Override
	String[] startReplication(String host, String user, String password, String firstLogFile) {
		// An empty slave position replays the primary's binary log from its start, with GTIDs.
		return new String[] { "SET GLOBAL gtid_slave_pos = ''",
				"CHANGE MASTER TO MASTER_HOST = " + quote(host) + ", MASTER_PORT = " + PORT + ", MASTER_USER = "
						+ quote(user) + ", MASTER_PASSWORD = " + quote(password) + ", MASTER_USE_GTID = slave_pos",
				"START SLAVE" };
	}

	@Override
	String statusQuery() {
		return "SHOW SLAVE STATUS";
	}

	@Override
	String[] runningColumns() {
		return new String[] { "Slave_IO_Running", "Slave_SQL_Running" };
	}

	@Override
	String[] primaryPositionQueries() {
		return new String[] { "SHOW MASTER STATUS" };
	}

	@Override
	String positionWaitFunction() {
		return "MASTER_POS_WAIT";
	}

}
