package dev.tether.test.containers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * What MySQL and MariaDB replicas share: a container of the primary's image, initialised with the
 * primary's root password only, that replays the primary's binary log from its first file (so it
 * gets the primary's databases, users and data, init scripts included), as {@code root}, and is
 * read-only to everyone else. Replication is set up on the first connection that works, so a
 * {@link #restart()} finds it set up and only waits for it to run again.
 */
abstract class BinlogReplicaContainer<SELF extends BinlogReplicaContainer<SELF>> extends ReplicaContainer<SELF> {

	static final int PORT = 3306;

	private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

	BinlogReplicaContainer(JdbcDatabaseContainer<?> primary) {
		super(primary, PORT);
		if (primary.getContainerId() == null) {
			// Before the primary's first start, so its initialisation is in the binary log too.
			primary.withCopyToContainer(Transferable.of(primaryConfiguration()), "/etc/mysql/conf.d/tether-primary.cnf");
		}
	}

	@Override
	protected void configure() {
		super.configure();
		withCopyToContainer(Transferable.of(replicaConfiguration(1 + index())), "/etc/mysql/conf.d/tether-replica.cnf");
		String password = rootPassword();
		if (password.isEmpty()) {
			withEnv(environmentPrefix() + "ALLOW_EMPTY_PASSWORD", "yes");
		}
		else {
			withEnv(environmentPrefix() + "ROOT_PASSWORD", password);
		}
		// The primary's time zone tables arrive by replication if its entrypoint logged them.
		withEnv(environmentPrefix() + "INITDB_SKIP_TZINFO", "1");
	}

	/** {@code MYSQL_} or {@code MARIADB_}: the image's environment variables. */
	abstract String environmentPrefix();

	/** Settings the primary gets when the replica is created before the primary starts. */
	abstract String primaryConfiguration();

	/** The replica's settings; {@code serverId} differs from the primary's (1) and other replicas'. */
	abstract String replicaConfiguration(int serverId);

	/** Makes the primary a replication source; fails with the fix when it cannot be one. */
	abstract void prepareSource(Statement primary) throws SQLException;

	/** Called once the replica has applied the primary's log as it was when replication was set up. */
	void caughtUp(Statement primary) throws SQLException {
	}

	/** The statements that point the replica at the primary, from the start of its first binary log file. */
	abstract String[] startReplication(String host, String user, String password, String firstLogFile);

	/** {@code SHOW REPLICA STATUS} or {@code SHOW SLAVE STATUS}. */
	abstract String statusQuery();

	/** Column names of the I/O and SQL thread states in the status. */
	abstract String[] runningColumns();

	/** The queries that tell the primary's binary log position (file, position), first one that works. */
	abstract String[] primaryPositionQueries();

	/** The function that waits up to a second for the replica to apply up to a position (-1 when it did not). */
	abstract String positionWaitFunction();

	/** No database: the primary's arrives by replication, after the first admin connection set it up. */
	@Override
	String adminJdbcUrl() {
		String url = getJdbcUrl();
		int path = url.indexOf('/', url.indexOf("//") + 2);
		int query = url.indexOf('?');
		return url.substring(0, path + 1) + ((query >= 0) ? url.substring(query) : "");
	}

	@Override
	String adminUsername() {
		return "root";
	}

	@Override
	String adminPassword() {
		return rootPassword();
	}

	@Override
	boolean isReady(Connection admin) throws SQLException {
		try (Statement statement = admin.createStatement()) {
			if (!isConfigured(statement)) {
				setUp(statement);
			}
			// Running threads are not enough: until the replica replayed the primary's log so far,
			// the application's user may not exist on it yet.
			if (!isRunning(statement)) {
				return false;
			}
			String[] position = primaryPosition();
			if (!hasApplied(statement, position)) {
				this.notReadyBecause = "it had not applied the primary's log up to " + position[0] + ":" + position[1];
				return false;
			}
			try (Connection primary = createPrimaryRootConnection(); Statement primaryStatement = primary.createStatement()) {
				caughtUp(primaryStatement);
			}
			return true;
		}
	}

	private String[] primaryPosition() throws SQLException {
		try (Connection primary = createPrimaryRootConnection(); Statement statement = primary.createStatement()) {
			SQLException last = null;
			for (String query : primaryPositionQueries()) {
				try (ResultSet result = statement.executeQuery(query)) {
					result.next();
					return new String[] { result.getString(1), result.getString(2) };
				}
				catch (SQLException ex) {
					last = ex;
				}
			}
			throw last;
		}
	}

	private boolean hasApplied(Statement replica, String[] position) throws SQLException {
		try (ResultSet result = replica.executeQuery(
				"SELECT " + positionWaitFunction() + "(" + quote(position[0]) + ", " + position[1] + ", 1)")) {
			result.next();
			long waited = result.getLong(1);
			return !result.wasNull() && waited >= 0;
		}
	}

	/** Runs replica control statements as root, then waits until both replication threads run (unless {@code paused}). */
	void control(boolean paused, String... sql) {
		try (Connection admin = createAdminConnection(); Statement statement = admin.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
			if (!paused) {
				long deadline = System.nanoTime() + CONTROL_TIMEOUT.toNanos();
				while (!isRunning(statement)) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Replica '" + getReplicaName() + "' did not replicate again in "
								+ CONTROL_TIMEOUT.toSeconds() + " s after " + String.join("; ", sql));
					}
					sleep(Duration.ofMillis(50));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"Replica '" + getReplicaName() + "' refused " + String.join("; ", sql) + ": " + ex.getMessage(), ex);
		}
	}

	static long wholeSeconds(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("setApplyDelay(" + delay + "): the delay must not be negative");
		}
		return delay.toSeconds() + ((delay.toNanosPart() > 0) ? 1 : 0);
	}

	private boolean isConfigured(Statement statement) throws SQLException {
		try (ResultSet status = statement.executeQuery(statusQuery())) {
			return status.next();
		}
	}

	private boolean isRunning(Statement statement) throws SQLException {
		try (ResultSet status = statement.executeQuery(statusQuery())) {
			if (!status.next()) {
				return false;
			}
			String sqlError = status.getString("Last_SQL_Error");
			if (sqlError != null && !sqlError.isEmpty()) {
				throw new IllegalStateException("Replica '" + getReplicaName() + "' stopped applying the primary's changes: "
						+ sqlError);
			}
			String[] columns = runningColumns();
			boolean running = "Yes".equals(status.getString(columns[0])) && "Yes".equals(status.getString(columns[1]));
			if (!running) {
				this.notReadyBecause = "replication was not running (" + columns[0] + " " + status.getString(columns[0])
						+ ", " + columns[1] + " " + status.getString(columns[1]) + ", Last_IO_Error: "
						+ status.getString("Last_IO_Error") + ")";
			}
			return running;
		}
	}

	private void setUp(Statement replica) throws SQLException {
		String firstLogFile;
		try (Connection primary = createPrimaryRootConnection(); Statement statement = primary.createStatement()) {
			prepareSource(statement);
			try (ResultSet logs = statement.executeQuery("SHOW BINARY LOGS")) {
				logs.next();
				firstLogFile = logs.getString(1);
			}
		}
		for (String sql : startReplication(primaryAddress(), "root", rootPassword(), firstLogFile)) {
			replica.execute(sql);
		}
	}

	private Connection createPrimaryRootConnection() throws SQLException {
		java.util.Properties properties = new java.util.Properties();
		properties.setProperty("user", "root");
		properties.setProperty("password", rootPassword());
		return getPrimary().getJdbcDriverInstance().connect(getPrimary().getJdbcUrl(), properties);
	}

	/** The primary's root password, from its environment (Testcontainers sets it to the user's password). */
	String rootPassword() {
		Map<String, String> environment = getPrimary().getEnvMap();
		String password = environment.getOrDefault("MYSQL_ROOT_PASSWORD", environment.get("MARIADB_ROOT_PASSWORD"));
		return (password != null) ? password : "";
	}

	static String quote(String value) {
		return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
	}

}
