package dev.tether.test.mysql;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import dev.tether.test.server.Os;
import org.mariadb.jdbc.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MySQL 8 server of an {@link EmbeddedReplicatedMySql} cluster: the primary or a GTID replica.
 * Besides connection details it offers what tests of lag and causal reads need: the GTID sets
 * ({@link #gtidExecuted()}, {@link #awaitGtid(String, Duration)}), replication lag
 * ({@link #setDelay(Duration)}, {@link #pauseApply()}) and node failures ({@link #stop()},
 * {@link #kill()}, {@link #start()}).
 *
 * <p>Methods are thread-safe. Failures other than those of {@link #openAdminConnection()} are
 * reported as {@link IllegalStateException}s that hold the tail of the server log.
 */
public final class MySqlNode {

	private static final Logger logger = LoggerFactory.getLogger(MySqlNode.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final int LOG_TAIL_LINES = 30;

	/** Written by mysqld into its data directory; the watchdog reads it. */
	static final String PID_FILE = "mysqld.pid";

	/**
	 * The fixture's own connections use the MariaDB driver, which {@code tether-test} depends on,
	 * so that it needs no MySQL driver; the administrator authenticates with
	 * {@code mysql_native_password}, which that driver speaks without TLS.
	 */
	private static final Driver DRIVER = new Driver();

	private final String name;

	private final boolean replica;

	private final int serverId;

	private final Path dataDir;

	private final Path logFile;

	private final Path socket;

	private final MySqlBinaries binaries;

	private final String database;

	private final String adminUser;

	private final String adminPassword;

	private final IntSupplier freePorts;

	private volatile int port;

	/** Set once the node started on its port; until then a port clash may pick another one. */
	private boolean portSettled;

	/** Whether CHANGE REPLICATION SOURCE has run, so a (re)start waits for replication to run. */
	private volatile boolean replicating;

	private Process process;

	MySqlNode(String name, boolean replica, int serverId, Path workDir, MySqlBinaries binaries, String database,
			String adminUser, String adminPassword, IntSupplier freePorts) {
		this.name = name;
		this.replica = replica;
		this.serverId = serverId;
		this.dataDir = workDir.resolve(name);
		this.logFile = workDir.resolve(name + ".log");
		this.socket = workDir.resolve(name + ".sock");
		this.binaries = binaries;
		this.database = database;
		this.adminUser = adminUser;
		this.adminPassword = adminPassword;
		this.freePorts = freePorts;
		this.port = freePorts.getAsInt();
	}

	/**
	 * The node's name: {@code primary}, {@code replica-1}, {@code replica-2}, ...
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The TCP port the node listens on at {@code 127.0.0.1}; stable across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * A JDBC URL of the cluster's application database on this node, for MySQL Connector/J
	 * ({@code com.mysql:mysql-connector-j}, the driver Spring Boot manages for MySQL) with its
	 * defaults: the server offers TLS, which the driver then uses.
	 * @return {@code jdbc:mysql://127.0.0.1:<port>/tether}
	 */
	public String jdbcUrl() {
		return "jdbc:mysql://127.0.0.1:" + this.port + "/" + this.database;
	}

	/**
	 * A JDBC URL of the application database for MariaDB Connector/J, for projects that use that
	 * driver on MySQL: it lets the driver fetch the server's RSA key, which
	 * {@code caching_sha2_password} (MySQL 8's default) needs without TLS.
	 * @return {@code jdbc:mariadb://127.0.0.1:<port>/tether?allowPublicKeyRetrieval=true}
	 */
	public String mariaDbJdbcUrl() {
		return url(this.database) + "?allowPublicKeyRetrieval=true";
	}

	/**
	 * Whether this node is a replica (started with {@code --super-read-only}).
	 * @return {@code true} for a replica, {@code false} for the primary
	 */
	public boolean isReplica() {
		return this.replica;
	}

	/**
	 * The node's {@code @@server_id}: 1 for the primary, 2, 3, ... for the replicas.
	 * @return the server id
	 */
	public int serverId() {
		return this.serverId;
	}

	/**
	 * Whether the server process is alive (it may still be starting up).
	 * @return {@code true} while mysqld runs
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
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
			throw failure("Could not read @@GLOBAL.gtid_executed of " + this.name, ex);
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
			throw failure("Could not read @@server_uuid of " + this.name, ex);
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
	public void awaitGtid(String gtidSet, Duration timeout) {
		Objects.requireNonNull(gtidSet, "gtidSet");
		requireReplica("awaitGtid");
		try (Connection connection = adminConnection()) {
			awaitGtid(connection, gtidSet, timeout);
		}
		catch (SQLException ex) {
			throw failure("Could not wait for " + gtidSet + " on " + this.name, ex);
		}
	}

	/**
	 * Delays applying each replicated transaction until {@code delay} after it committed on the
	 * primary ({@code STOP REPLICA SQL_THREAD; CHANGE REPLICATION SOURCE TO SOURCE_DELAY = n;
	 * START REPLICA SQL_THREAD}), emulating replication lag. MySQL counts the delay from the
	 * transaction's commit on the primary in microseconds. Returns once the applier runs again.
	 * @param delay the delay, rounded up to whole seconds (MySQL's unit); {@link Duration#ZERO}
	 * removes it
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void setDelay(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative: " + delay);
		}
		requireReplica("setDelay");
		long seconds = delay.toSeconds() + ((delay.toNanosPart() > 0) ? 1 : 0);
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute("STOP REPLICA SQL_THREAD");
			statement.execute("CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds);
			statement.execute("START REPLICA SQL_THREAD");
			awaitReplicationRunning(statement, STARTUP_TIMEOUT);
		}
		catch (SQLException ex) {
			throw failure("Could not set the replication delay of " + this.name, ex);
		}
		logger.debug("{}: SOURCE_DELAY = {} s", this.name, seconds);
	}

	/**
	 * Stops applying replicated transactions ({@code STOP REPLICA SQL_THREAD}); they keep arriving
	 * in the relay log until {@link #resumeApply()}.
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void pauseApply() {
		requireReplica("pauseApply");
		adminStatement("STOP REPLICA SQL_THREAD", "pause applying on " + this.name);
	}

	/**
	 * Resumes applying after {@link #pauseApply()} ({@code START REPLICA SQL_THREAD}).
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void resumeApply() {
		requireReplica("resumeApply");
		adminStatement("START REPLICA SQL_THREAD", "resume applying on " + this.name);
	}

	/**
	 * Stops receiving the primary's changes ({@code STOP REPLICA IO_THREAD}), as a broken network
	 * link between them would, until {@link #resumeReceiving()}.
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void pauseReceiving() {
		requireReplica("pauseReceiving");
		adminStatement("STOP REPLICA IO_THREAD", "stop receiving on " + this.name);
	}

	/**
	 * Resumes receiving after {@link #pauseReceiving()} ({@code START REPLICA IO_THREAD}).
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void resumeReceiving() {
		requireReplica("resumeReceiving");
		adminStatement("START REPLICA IO_THREAD", "resume receiving on " + this.name);
	}

	/**
	 * Stops the server cleanly (SIGTERM, as {@code mysqladmin shutdown} does), killing it if it
	 * does not stop in time. Does nothing if it is not running.
	 */
	public synchronized void stop() {
		if (!isRunning()) {
			return;
		}
		if (!this.replica) {
			endBinlogDumps();
		}
		this.process.destroy();
		try {
			if (this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.info("Stopped {}", this.name);
				return;
			}
			logger.warn("{} did not stop within {}, killing it", this.name, STOP_TIMEOUT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		kill();
	}

	/**
	 * Ends the threads that send the binary log to replicas: with them, a clean shutdown waits
	 * about ten seconds for each to notice. The replicas reconnect once the server is back.
	 */
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
			logger.debug("Could not end the binary log dump threads of {}", this.name, ex);
		}
	}

	/**
	 * Emulates a crash: SIGKILLs the server and waits until it has exited. Does nothing if it is
	 * not running.
	 */
	public synchronized void kill() {
		if (!isRunning()) {
			return;
		}
		long pid = this.process.pid();
		this.process.destroyForcibly();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.process.isAlive() || Os.isRunning(pid)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(this.name + " (pid " + pid + ") survived SIGKILL");
			}
			Os.pause(10);
		}
		logger.info("Killed {} (pid {})", this.name, pid);
	}

	/**
	 * Starts the server (again, after {@link #stop()} or {@link #kill()}) and waits until it
	 * accepts connections and, for a replica whose replication is configured, until both
	 * replication threads run ({@code Replica_IO_Running} and {@code Replica_SQL_Running} are
	 * {@code Yes}). Does nothing if it is already running. A replica has not necessarily caught
	 * up yet; see {@link EmbeddedReplicatedMySql#awaitReplicasCaughtUp(Duration)}.
	 * @throws IllegalStateException if it does not come up; the message holds the tail of the
	 * server log
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		long started = System.nanoTime();
		for (int attempt = 1;; attempt++) {
			long logOffset = logSize();
			launch();
			try {
				awaitAcceptingConnections();
				break;
			}
			catch (IllegalStateException ex) {
				this.process.destroyForcibly();
				waitForExit();
				String log = logSince(logOffset);
				if (this.portSettled || attempt == 3 || !log.contains("Address already in use")) {
					throw ex;
				}
				int taken = this.port;
				this.port = this.freePorts.getAsInt();
				logger.info("{}: port {} was taken meanwhile, retrying on {}", this.name, taken, this.port);
			}
		}
		this.portSettled = true;
		if (this.replicating) {
			try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
				awaitReplicationRunning(statement, STARTUP_TIMEOUT);
			}
			catch (SQLException ex) {
				throw failure(this.name + " failed while waiting for its replication to run", ex);
			}
		}
		logger.info("Started {} on port {} in {} ms", this.name, this.port, (System.nanoTime() - started) / 1_000_000);
	}

	/**
	 * {@link #stop() Stops} and {@link #start() starts} the server.
	 */
	public synchronized void restart() {
		stop();
		start();
	}

	/**
	 * Opens a connection to the application database on this node as the cluster's administrator
	 * ({@code root}, who bypasses {@code read_only} but not {@code super_read_only}: never route
	 * application statements through it), for tests and fault injection, with the MariaDB driver.
	 * The caller closes it.
	 * @return a new connection
	 * @throws SQLException if the node cannot be reached
	 */
	public Connection openAdminConnection() throws SQLException {
		return connect(this.database);
	}

	@Override
	public String toString() {
		return this.name + " (" + (this.replica ? "replica" : "primary") + ", port " + this.port + ")";
	}

	// --- package-private plumbing used by EmbeddedReplicatedMySql and tests ---

	Path dataDir() {
		return this.dataDir;
	}

	Path logFile() {
		return this.logFile;
	}

	/** The server's pid, or -1 when it is not running. */
	synchronized long pid() {
		return isRunning() ? this.process.pid() : -1;
	}

	/**
	 * Initializes this node's (not yet existing) data directory with {@code --initialize-insecure},
	 * running {@code initFile} (the users and the database) before the server first starts. No
	 * binary log is written meanwhile, so the data directory holds no GTID, and a copy of it is a
	 * replica that starts at the very beginning of the primary's binary log.
	 */
	void initialize(Path initFile) throws IOException {
		List<String> command = new ArrayList<>(List.of(this.binaries.server().toString(), "--no-defaults",
				"--initialize-insecure", "--basedir=" + this.binaries.home(), "--datadir=" + this.dataDir,
				"--init-file=" + initFile));
		command.addAll(rootUser());
		command.addAll(innoDbSizes());
		Os.run(command, this.dataDir.getParent(), Duration.ofMinutes(2));
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
			this.replicating = true;
			awaitReplicationRunning(statement, STARTUP_TIMEOUT);
		}
		catch (SQLException ex) {
			throw failure("Could not make " + this.name + " replicate from " + primary, ex);
		}
	}

	/** Opens a connection as the administrator, to {@code db} or none. */
	Connection connect(String db) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.adminUser);
		properties.setProperty("password", this.adminPassword);
		properties.setProperty("connectTimeout", "5000");
		Connection connection = DRIVER.connect(url(db), properties);
		if (connection == null) {
			throw new SQLException("MariaDB driver rejected " + url(db));
		}
		return connection;
	}

	/** Waits on {@code connection} until this replica has applied {@code gtidSet}. */
	void awaitGtid(Connection connection, String gtidSet, Duration timeout) throws SQLException {
		try (PreparedStatement wait = connection.prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)")) {
			wait.setString(1, gtidSet);
			wait.setDouble(2, Math.max(0.001, timeout.toMillis() / 1000.0));
			try (ResultSet result = wait.executeQuery()) {
				result.next();
				if (result.getInt(1) != 0) {
					throw failure(this.name + " did not apply GTID set " + gtidSet + " within " + timeout + " (applied "
							+ gtidExecuted(connection) + "; " + replicaStatus(connection) + ")", null);
				}
			}
		}
	}

	/** Wraps a failure with this node's identity and the tail of its server log. */
	IllegalStateException failure(String message, Throwable cause) {
		return new IllegalStateException(message + " (" + this + ", server log " + this.logFile + "); last "
				+ LOG_TAIL_LINES + " log lines:\n" + Os.tail(this.logFile, LOG_TAIL_LINES), cause);
	}

	private Connection adminConnection() throws SQLException {
		return connect("");
	}

	private void launch() {
		List<String> command = new ArrayList<>(List.of(this.binaries.server().toString(), "--no-defaults",
				"--basedir=" + this.binaries.home(), "--datadir=" + this.dataDir, "--port=" + this.port,
				"--bind-address=127.0.0.1",
				// In the work directory: never the machine's own /run/mysqld/mysqld.sock.
				"--socket=" + this.socket, "--pid-file=" + this.dataDir.resolve(PID_FILE),
				// No X Protocol listener: it would take port 33060 for every server.
				"--mysqlx=OFF",
				// No --log-error: the server logs to stderr, which goes to the log file the JVM opened.
				"--server-id=" + this.serverId, "--log-bin=binlog", "--relay-log=relay-bin", "--gtid-mode=ON",
				"--enforce-gtid-consistency=ON", "--skip-name-resolve", "--max-connections=300",
				"--performance-schema=OFF",
				// No fsync: a test cluster does not survive a machine crash anyway (a killed server
				// loses nothing: the OS still holds what it wrote).
				"--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0", "--innodb-doublewrite=0"));
		command.addAll(rootUser());
		command.addAll(innoDbSizes());
		if (this.replica) {
			// super_read_only: read_only binds even administrators, except the replication applier
			command.add("--super-read-only=ON");
		}
		try {
			// The JVM stays the server's parent, so that it reaps it: a stopped or killed server
			// leaves no zombie. mysqld makes its data directory its working directory, which the
			// watchdog checks before signalling a pid.
			this.process = new ProcessBuilder(command).directory(this.dataDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
		}
		catch (IOException ex) {
			throw failure("Could not launch " + this.name, ex);
		}
	}

	/** mysqld runs as root only when told to, unlike PostgreSQL, which refuses to. */
	private static List<String> rootUser() {
		return Os.ROOT ? List.of("--user=root") : List.of();
	}

	private static List<String> innoDbSizes() {
		return List.of("--innodb-buffer-pool-size=32M", "--innodb-redo-log-capacity=8M");
	}

	private void waitForExit() {
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitAcceptingConnections() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw failure(this.name + " exited with code " + this.process.exitValue() + " while starting", last);
			}
			try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
				return;
			}
			catch (SQLException ex) {
				last = ex;
			}
			Os.pause(20);
		}
		throw failure(this.name + " did not accept connections within " + STARTUP_TIMEOUT, last);
	}

	/** Polls SHOW REPLICA STATUS until both replication threads run, failing fast on a replication error. */
	private void awaitReplicationRunning(Statement statement, Duration timeout) throws SQLException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try (ResultSet status = statement.executeQuery("SHOW REPLICA STATUS")) {
				if (status.next()) {
					if ("Yes".equals(status.getString("Replica_IO_Running"))
							&& "Yes".equals(status.getString("Replica_SQL_Running"))) {
						return;
					}
					String sqlError = status.getString("Last_SQL_Error");
					if (sqlError != null && !sqlError.isEmpty()) {
						throw failure(this.name + " stopped replicating: " + sqlError, null);
					}
					String ioError = status.getString("Last_IO_Error");
					if (ioError != null && !ioError.isEmpty() && ioError.contains("fatal")) {
						throw failure(this.name + " cannot receive from its source: " + ioError, null);
					}
				}
			}
			if (System.nanoTime() > deadline) {
				throw failure("Timed out after " + timeout + " waiting for replication to run on " + this.name + " ("
						+ replicaStatus(statement.getConnection()) + ")", null);
			}
			Os.pause(10);
		}
	}

	private static String replicaStatus(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet status = statement.executeQuery("SHOW REPLICA STATUS")) {
			if (!status.next()) {
				return "no replication configured";
			}
			return "Replica_IO_Running=" + status.getString("Replica_IO_Running") + ", Replica_SQL_Running="
					+ status.getString("Replica_SQL_Running") + ", SQL_Delay=" + status.getString("SQL_Delay")
					+ ", Last_IO_Error=" + status.getString("Last_IO_Error") + ", Last_SQL_Error="
					+ status.getString("Last_SQL_Error");
		}
	}

	private static String gtidExecuted(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@GLOBAL.gtid_executed")) {
			result.next();
			// MySQL breaks long sets over lines
			return result.getString(1).replace("\n", "");
		}
	}

	private void adminStatement(String sql, String what) {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw failure("Could not " + what, ex);
		}
		logger.debug("{}: {}", this.name, sql);
	}

	private void requireReplica(String operation) {
		if (!this.replica) {
			throw new IllegalStateException(operation + "() controls replication on a replica; " + this.name
					+ " is the primary and replicates nothing");
		}
	}

	private String url(String db) {
		return "jdbc:mariadb://127.0.0.1:" + this.port + "/" + db;
	}

	private long logSize() {
		try {
			return Files.size(this.logFile);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private String logSince(long offset) {
		try {
			byte[] bytes = Files.readAllBytes(this.logFile);
			return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
