package dev.tether.test.mysql;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

import dev.tether.test.server.BinlogNode;
import dev.tether.test.server.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MySQL 8 server of an {@link EmbeddedReplicatedMySql} cluster: the primary or a GTID replica.
 * Besides connection details it offers what tests of lag and causal reads need: the GTID sets
 * ({@link #gtidExecuted()}, {@link #awaitGtid(String, Duration)}), replication lag
 * ({@link #setDelay(Duration)}, {@link #pauseApply()}, {@link #pauseReceiving()}) and node failures
 * ({@link #stop()}, {@link #kill()}, {@link #start()}); what it shares with a MariaDB node is in
 * {@link BinlogNode}. The fixture's own connections use the MariaDB driver, which
 * {@code tether-test} depends on, so that it needs no MySQL driver; the administrator
 * authenticates with {@code mysql_native_password}, which that driver speaks without TLS.
 *
 * <p>Methods are thread-safe. Failures other than those of {@link #openAdminConnection()} are
 * reported as {@link IllegalStateException}s that hold the tail of the server log.
 */
public final class MySqlNode extends BinlogNode {

	private static final Logger logger = LoggerFactory.getLogger(MySqlNode.class);

	/** Written by mysqld into its data directory; the watchdog reads it. */
	static final String PID_FILE = "mysqld.pid";

	private final MySqlBinaries binaries;

	private final String adminPassword;

	MySqlNode(String name, boolean replica, int serverId, Path workDir, MySqlBinaries binaries, String database,
			String adminUser, String adminPassword, IntSupplier freePorts) {
		super(name, replica, serverId, workDir, database, adminUser, freePorts);
		this.binaries = binaries;
		this.adminPassword = adminPassword;
	}

	/**
	 * A JDBC URL of the cluster's application database on this node, for MySQL Connector/J
	 * ({@code com.mysql:mysql-connector-j}, the driver Spring Boot manages for MySQL) with its
	 * defaults: the server offers TLS, which the driver then uses.
	 * @return {@code jdbc:mysql://127.0.0.1:<port>/tether}
	 */
	@Override
	public String jdbcUrl() {
		return "jdbc:mysql://127.0.0.1:" + port() + "/" + database();
	}

	/**
	 * A JDBC URL of the application database for MariaDB Connector/J, for projects that use that
	 * driver on MySQL: it lets the driver fetch the server's RSA key, which
	 * {@code caching_sha2_password} (MySQL 8's default) needs without TLS.
	 * @return {@code jdbc:mariadb://127.0.0.1:<port>/tether?allowPublicKeyRetrieval=true}
	 */
	public String mariaDbJdbcUrl() {
		return url(database()) + "?allowPublicKeyRetrieval=true";
	}

	/**
	 * The GTID set of every transaction this node has committed or applied
	 * ({@code @@GLOBAL.gtid_executed}): on the primary, what a causal read must wait for.
	 * @return the set, for example {@code 3E11FA47-71CA-11E1-9E33-C80AA9429562:1-42}; empty before the
	 * first transaction
	 * @throws IllegalStateException if the node is not running
	 */
	public String gtidExecuted() {
		try (Connection connection = adminConnection()) {
			return gtidExecuted(connection);
		}
		catch (SQLException ex) {
			throw failure("Could not read @@GLOBAL.gtid_executed of " + name(), ex);
		}
	}

	/**
	 * The node's {@code @@server_uuid}, the source of the GTIDs it commits.
	 * @return the UUID
	 * @throws IllegalStateException if the node is not running
	 */
	public String serverUuid() {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@server_uuid")) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			throw failure("Could not read @@server_uuid of " + name(), ex);
		}
	}

	/**
	 * Waits until this replica has applied every transaction of {@code gtidSet}
	 * ({@code WAIT_FOR_EXECUTED_GTID_SET}).
	 * @param gtidSet a GTID set, as returned by {@link #gtidExecuted()} of the primary
	 * @param timeout how long to wait
	 * @throws IllegalStateException on the primary, if the replica is not running or if it has not
	 * applied the set in time (for example while its delay or a pause holds it)
	 */
	@Override
	public void awaitGtid(String gtidSet, Duration timeout) {
		Objects.requireNonNull(gtidSet, "gtidSet");
		requireReplica("awaitGtid");
		try (Connection connection = adminConnection()) {
			awaitGtid(connection, gtidSet, timeout);
		}
		catch (SQLException ex) {
			throw failure("Could not wait for " + gtidSet + " on " + name(), ex);
		}
	}

	// --- package-private plumbing used by EmbeddedReplicatedMySql and tests ---

	Path dataDir() {
		return dataDirectory();
	}

	Path logFile() {
		return logPath();
	}

	/** The server's pid, or -1 when it is not running. */
	long pid() {
		return processId();
	}

	/**
	 * Initializes this node's (not yet existing) data directory with {@code --initialize-insecure},
	 * running {@code initFile} (the users and the database) before the server first starts. No
	 * binary log is written meanwhile, so the data directory holds no GTID, and a copy of it is a
	 * replica that starts at the very beginning of the primary's binary log.
	 */
	void initialize(Path initFile) throws IOException {
		List<String> command = new ArrayList<>(List.of(this.binaries.server().toString(), "--no-defaults",
				"--initialize-insecure", "--basedir=" + this.binaries.home(), "--datadir=" + dataDirectory(),
				"--init-file=" + initFile));
		command.addAll(rootUser());
		command.addAll(innoDbSizes());
		Os.run(command, dataDirectory().getParent(), Duration.ofMinutes(2));
	}

	/**
	 * Makes this replica replicate from {@code primary} by GTID auto-positioning, and waits until
	 * both replication threads run. Runs before anything is written on it: its data directory is
	 * a copy of the primary's, with no GTID of its own.
	 */
	void replicateFrom(MySqlNode primary, String user, String password) {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST = '127.0.0.1', SOURCE_PORT = " + primary.port()
					+ ", SOURCE_USER = '" + user + "', SOURCE_PASSWORD = '" + password + "', SOURCE_AUTO_POSITION = 1"
					// caching_sha2_password without TLS: the replica fetches the primary's RSA key
					+ ", GET_SOURCE_PUBLIC_KEY = 1"
					// 1 s between reconnection attempts, not 60: restarts of the primary stay quick
					+ ", SOURCE_CONNECT_RETRY = 1");
			statement.execute("START REPLICA");
			replicating();
			awaitReplicationRunning(statement, STARTUP_TIMEOUT);
		}
		catch (SQLException ex) {
			throw failure("Could not make " + name() + " replicate from " + primary, ex);
		}
	}

	/** Waits on {@code connection} until this replica has applied {@code gtidSet}. */
	void awaitGtid(Connection connection, String gtidSet, Duration timeout) throws SQLException {
		try (PreparedStatement wait = connection.prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)")) {
			wait.setString(1, gtidSet);
			wait.setDouble(2, Math.max(0.001, timeout.toMillis() / 1000.0));
			try (ResultSet result = wait.executeQuery()) {
				result.next();
				if (result.getInt(1) != 0) {
					throw failure(name() + " did not apply GTID set " + gtidSet + " within " + timeout + " (applied "
							+ gtidExecuted(connection) + "; " + replicationStatus(connection) + ")", null);
				}
			}
		}
	}

	/** Wraps a failure with this node's identity and the tail of its server log. */
	IllegalStateException failure(String message, Throwable cause) {
		return nodeFailure(message, cause);
	}

	@Override
	protected String gtidTarget() {
		return gtidExecuted();
	}

	@Override
	protected String adminPassword() {
		return this.adminPassword;
	}

	@Override
	protected String replicaKeyword() {
		return "REPLICA";
	}

	/** {@code SOURCE_DELAY} counts from the transaction's commit on the primary, in microseconds. */
	@Override
	protected List<String> delayStatements(long seconds) {
		return List.of("STOP REPLICA SQL_THREAD", "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds,
				"START REPLICA SQL_THREAD");
	}

	@Override
	protected List<String> serverCommand() {
		List<String> command = new ArrayList<>(List.of(this.binaries.server().toString(), "--no-defaults",
				"--basedir=" + this.binaries.home(), "--datadir=" + dataDirectory(), "--port=" + port(),
				"--bind-address=127.0.0.1",
				// In the work directory: never the machine's own /run/mysqld/mysqld.sock.
				"--socket=" + socket(), "--pid-file=" + dataDirectory().resolve(PID_FILE),
				// No X Protocol listener: it would take port 33060 for every server.
				"--mysqlx=OFF",
				// No --log-error: the server logs to stderr, which goes to the log file the JVM opened.
				"--server-id=" + serverId(), "--log-bin=binlog", "--relay-log=relay-bin", "--gtid-mode=ON",
				"--enforce-gtid-consistency=ON", "--skip-name-resolve", "--max-connections=300",
				"--performance-schema=OFF",
				// No fsync: a test cluster does not survive a machine crash anyway (a killed server
				// loses nothing: the OS still holds what it wrote).
				"--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0", "--innodb-doublewrite=0"));
		command.addAll(rootUser());
		command.addAll(innoDbSizes());
		if (isReplica()) {
			// super_read_only: read_only binds even administrators, except the replication applier
			command.add("--super-read-only=ON");
		}
		return command;
	}

	/**
	 * Ends the threads that send the binary log to replicas: with them, a clean shutdown waits
	 * about ten seconds for each to notice. The replicas reconnect once the server is back.
	 */
	@Override
	protected void beforeStop() {
		if (!isReplica()) {
			endBinlogDumps();
		}
	}

	private void endBinlogDumps() {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			List<Long> dumps = new ArrayList<>();
			try (ResultSet threads = statement.executeQuery(
					"SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
				while (threads.next()) {
					dumps.add(threads.getLong(1));
				}
			}
			for (long id : dumps) {
				statement.execute("KILL " + id);
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not end the binary log dump threads of {}", name(), ex);
		}
	}

	/** mysqld runs as root only when told to, unlike PostgreSQL, which refuses to. */
	private static List<String> rootUser() {
		return Os.ROOT ? List.of("--user=root") : List.of();
	}

	private static List<String> innoDbSizes() {
		return List.of("--innodb-buffer-pool-size=32M", "--innodb-redo-log-capacity=8M");
	}

	private static String gtidExecuted(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@GLOBAL.gtid_executed")) {
			result.next();
			// MySQL breaks long sets over lines
			return result.getString(1).replace("\n", "");
		}
	}

}
