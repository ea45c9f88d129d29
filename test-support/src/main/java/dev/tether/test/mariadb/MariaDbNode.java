package dev.tether.test.mariadb;

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
 * One MariaDB server of an {@link EmbeddedReplicatedMariaDb} cluster: the primary or a GTID
 * replica. Besides connection details it offers what tests of lag and causal reads need: the
 * GTID positions ({@link #gtidBinlogPos()}, {@link #awaitGtid(String, Duration)}), replication
 * lag ({@link #setDelay(Duration)}, {@link #pauseApply()}) and node failures ({@link #stop()},
 * {@link #kill()}, {@link #start()}).
 *
 * <p>Methods are thread-safe. Failures other than those of {@link #openAdminConnection()} are
 * reported as {@link IllegalStateException}s that hold the tail of the server log.
 */
public final class MariaDbNode {

	private static final Logger logger = LoggerFactory.getLogger(MariaDbNode.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final int LOG_TAIL_LINES = 30;

	/** Written by mariadbd into its data directory; the watchdog reads it. */
	static final String PID_FILE = "mariadbd.pid";

	private static final Driver DRIVER = new Driver();

	private final String name;

	private final boolean replica;

	private final int serverId;

	private final Path dataDir;

	private final Path logFile;

	private final Path socket;

	private final MariaDbBinaries binaries;

	private final String database;

	private final String adminUser;

	private final IntSupplier freePorts;

	/** Empty until the cluster sets one; a replica learns it by replication. */
	private volatile String adminPassword = "";

	private volatile int port;

	/** Set once the node started on its port; until then a port clash may pick another one. */
	private boolean portSettled;

	/** Whether CHANGE MASTER has run, so a (re)start waits for replication to run. */
	private volatile boolean replicating;

	private Process process;

	MariaDbNode(String name, boolean replica, int serverId, Path workDir, MariaDbBinaries binaries, String database,
			String adminUser, IntSupplier freePorts) {
		this.name = name;
		this.replica = replica;
		this.serverId = serverId;
		this.dataDir = workDir.resolve(name);
		this.logFile = workDir.resolve(name + ".log");
		this.socket = workDir.resolve(name + ".sock");
		this.binaries = binaries;
		this.database = database;
		this.adminUser = adminUser;
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
	 * A JDBC URL for the cluster's application database on this node.
	 * @return {@code jdbc:mariadb://127.0.0.1:<port>/tether}
	 */
	public String jdbcUrl() {
		return url(this.database);
	}

	/**
	 * Whether this node is a replica (started with {@code --read-only=1}).
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
	 * @return {@code true} while mariadbd runs
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * The GTID position of this node's binary log ({@code @@gtid_binlog_pos}): on the primary,
	 * the position of the last committed transaction, which a causal read must wait for.
	 * @return the position, for example {@code 0-1-42}; empty before the first transaction
	 * @throws IllegalStateException if the node is not running
	 */
	public String gtidBinlogPos() {
		return variable("gtid_binlog_pos");
	}

	/**
	 * The GTID position this replica has applied ({@code @@gtid_slave_pos}).
	 * @return the position, for example {@code 0-1-42}
	 * @throws IllegalStateException if the node is not running
	 */
	public String gtidSlavePos() {
		return variable("gtid_slave_pos");
	}

	/**
	 * Waits until this replica has applied everything up to {@code gtidPos}
	 * ({@code MASTER_GTID_WAIT}).
	 * @param gtidPos a position, as returned by {@link #gtidBinlogPos()} of the primary
	 * @param timeout how long to wait
	 * @throws IllegalStateException on the primary, if the replica is not running or if it
	 * has not applied the position in time (for example while its delay or a pause holds it)
	 */
	public void awaitGtid(String gtidPos, Duration timeout) {
		Objects.requireNonNull(gtidPos, "gtidPos");
		requireReplica("awaitGtid");
		try (Connection connection = adminConnection()) {
			awaitGtid(connection, gtidPos, timeout);
		}
		catch (SQLException ex) {
			throw failure("Could not wait for " + gtidPos + " on " + this.name, ex);
		}
	}

	/**
	 * Delays applying each replicated transaction until {@code delay} after it committed on the
	 * primary ({@code STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = n; START SLAVE}), emulating
	 * replication lag. Returns once replication runs again with the new delay.
	 * @param delay the delay, rounded up to whole seconds (MariaDB's unit); {@link Duration#ZERO}
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
			statement.execute("STOP SLAVE");
			statement.execute("CHANGE MASTER TO MASTER_DELAY = " + seconds);
			statement.execute("START SLAVE");
			awaitReplicationRunning(statement, STARTUP_TIMEOUT);
		}
		catch (SQLException ex) {
			throw failure("Could not set the replication delay of " + this.name, ex);
		}
		logger.debug("{}: MASTER_DELAY = {} s", this.name, seconds);
	}

	/**
	 * Stops applying replicated transactions ({@code STOP SLAVE SQL_THREAD}); they keep arriving
	 * in the relay log until {@link #resumeApply()}.
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void pauseApply() {
		requireReplica("pauseApply");
		adminStatement("STOP SLAVE SQL_THREAD", "pause applying on " + this.name);
	}

	/**
	 * Resumes applying after {@link #pauseApply()} ({@code START SLAVE SQL_THREAD}).
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void resumeApply() {
		requireReplica("resumeApply");
		adminStatement("START SLAVE SQL_THREAD", "resume applying on " + this.name);
	}

	/**
	 * Stops the server cleanly (SIGTERM, as {@code mariadb-admin shutdown} does), killing it if it
	 * does not stop in time. Does nothing if it is not running.
	 */
	public synchronized void stop() {
		if (!isRunning()) {
			return;
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
	 * replication threads run ({@code Slave_IO_Running} and {@code Slave_SQL_Running} are
	 * {@code Yes}). Does nothing if it is already running. A replica has not necessarily caught
	 * up yet; see {@link EmbeddedReplicatedMariaDb#awaitReplicasCaughtUp(Duration)}.
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
				String log = logSince(logOffset);
				if (this.portSettled || attempt == 3
						|| !(log.contains("Address already in use") || log.contains("Bind on TCP/IP port"))) {
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
	 * ({@code root}, who bypasses {@code read_only}: never route application statements through
	 * it), for tests and fault injection. The caller closes it.
	 * @return a new connection
	 * @throws SQLException if the node cannot be reached
	 */
	public Connection openAdminConnection() throws SQLException {
		return connect(this.database, this.adminPassword);
	}

	@Override
	public String toString() {
		return this.name + " (" + (this.replica ? "replica" : "primary") + ", port " + this.port + ")";
	}

	/** An administrator's connection to no database: the application's may not exist yet. */
	private Connection adminConnection() throws SQLException {
		return connect("", this.adminPassword);
	}

	// --- package-private plumbing used by EmbeddedReplicatedMariaDb and tests ---

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

	void adminPassword(String password) {
		this.adminPassword = password;
	}

	/** Runs mariadb-install-db into this node's (not yet existing) data directory. */
	void installDb() throws IOException {
		List<String> command = new ArrayList<>(List.of(this.binaries.installDb().toString(), "--no-defaults",
				"--datadir=" + this.dataDir, "--auth-root-authentication-method=normal", "--skip-test-db"));
		// The same InnoDB sizes as the server: a smaller redo log makes this take 0.4 s instead of 2.
		command.addAll(innoDbSizes());
		Os.run(Os.asServerUser(command), this.dataDir.getParent(), Duration.ofMinutes(2));
	}

	/**
	 * Makes this replica replicate from {@code primary} by GTID, and waits until it has applied
	 * {@code gtidPos}. Runs before anything is written on it: a local write would give it GTIDs of
	 * its own, which strict mode then rejects. One connection throughout, because the
	 * administrator's password may change by replication meanwhile.
	 */
	void replicateFrom(MariaDbNode primary, String user, String password, String gtidPos) {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primary.port()
					+ ", MASTER_USER = '" + user + "', MASTER_PASSWORD = '" + password + "', MASTER_USE_GTID = slave_pos"
					// 1 s between reconnection attempts, not 60: restarts of the primary stay quick
					+ ", MASTER_CONNECT_RETRY = 1");
			statement.execute("START SLAVE");
			this.replicating = true;
			awaitReplicationRunning(statement, STARTUP_TIMEOUT);
			awaitGtid(connection, gtidPos, STARTUP_TIMEOUT);
		}
		catch (SQLException ex) {
			throw failure("Could not make " + this.name + " replicate from " + primary, ex);
		}
	}

	/** Opens a connection as the administrator with the given password, to {@code db} or none. */
	Connection connect(String db, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.adminUser);
		properties.setProperty("password", password);
		properties.setProperty("connectTimeout", "5000");
		Connection connection = DRIVER.connect(url(db), properties);
		if (connection == null) {
			throw new SQLException("MariaDB driver rejected " + url(db));
		}
		return connection;
	}

	/** Waits on {@code connection} until this replica has applied {@code gtidPos}. */
	void awaitGtid(Connection connection, String gtidPos, Duration timeout) throws SQLException {
		try (PreparedStatement wait = connection.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
			wait.setString(1, gtidPos);
			wait.setDouble(2, Math.max(0.001, timeout.toMillis() / 1000.0));
			try (ResultSet result = wait.executeQuery()) {
				result.next();
				if (result.getInt(1) != 0) {
					throw failure(this.name + " did not apply GTID position " + gtidPos + " within " + timeout
							+ " (applied up to " + variable(connection, "gtid_slave_pos") + "; " + slaveStatus(connection) + ")",
							null);
				}
			}
		}
	}

	/** Wraps a failure with this node's identity and the tail of its server log. */
	IllegalStateException failure(String message, Throwable cause) {
		return new IllegalStateException(message + " (" + this + ", server log " + this.logFile + "); last "
				+ LOG_TAIL_LINES + " log lines:\n" + Os.tail(this.logFile, LOG_TAIL_LINES), cause);
	}

	private void launch() {
		List<String> command = new ArrayList<>(List.of(this.binaries.server().toString(), "--no-defaults",
				"--datadir=" + this.dataDir, "--port=" + this.port, "--bind-address=127.0.0.1",
				// In the work directory: never the machine's own /run/mysqld/mysqld.sock.
				"--socket=" + this.socket, "--pid-file=" + this.dataDir.resolve(PID_FILE),
				// No --log-error: the server logs to stderr, which goes to the log file the JVM opened.
				"--server-id=" + this.serverId, "--log-bin=mariadb-bin",
				"--relay-log=relay-bin", "--binlog-format=ROW", "--gtid-strict-mode=1", "--log-slave-updates=1",
				"--skip-name-resolve", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
				"--max-connections=300", "--performance-schema=OFF",
				// No fsync: a test cluster does not survive a machine crash anyway (a killed server
				// loses nothing: the OS still holds what it wrote).
				"--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0", "--innodb-doublewrite=0"));
		command.addAll(innoDbSizes());
		if (this.replica) {
			command.add("--read-only=1");
		}
		try {
			// The JVM stays the server's parent (setpriv execs it), so that it reaps it: a
			// stopped or killed server leaves no zombie.
			this.process = new ProcessBuilder(Os.asServerUser(command)).directory(this.dataDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
		}
		catch (IOException ex) {
			throw failure("Could not launch " + this.name, ex);
		}
	}

	private static List<String> innoDbSizes() {
		return List.of("--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M");
	}

	private void awaitAcceptingConnections() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw failure(this.name + " exited with code " + this.process.exitValue() + " while starting", last);
			}
			try (Connection connection = connect("", this.adminPassword);
					Statement statement = connection.createStatement()) {
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

	/** Polls SHOW SLAVE STATUS until both replication threads run, failing fast on a replication error. */
	private void awaitReplicationRunning(Statement statement, Duration timeout) throws SQLException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try (ResultSet status = statement.executeQuery("SHOW SLAVE STATUS")) {
				if (status.next()) {
					if ("Yes".equals(status.getString("Slave_IO_Running"))
							&& "Yes".equals(status.getString("Slave_SQL_Running"))) {
						return;
					}
					String sqlError = status.getString("Last_SQL_Error");
					if (sqlError != null && !sqlError.isEmpty()) {
						throw failure(this.name + " stopped replicating: " + sqlError, null);
					}
				}
			}
			if (System.nanoTime() > deadline) {
				throw failure("Timed out after " + timeout + " waiting for replication to run on " + this.name + " ("
						+ slaveStatus(statement.getConnection()) + ")", null);
			}
			Os.pause(10);
		}
	}

	private static String slaveStatus(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet status = statement.executeQuery("SHOW SLAVE STATUS")) {
			if (!status.next()) {
				return "no replication configured";
			}
			return "Slave_IO_Running=" + status.getString("Slave_IO_Running") + ", Slave_SQL_Running="
					+ status.getString("Slave_SQL_Running") + ", SQL_Delay=" + status.getString("SQL_Delay")
					+ ", Last_IO_Error=" + status.getString("Last_IO_Error") + ", Last_SQL_Error="
					+ status.getString("Last_SQL_Error");
		}
	}

	private String variable(String name) {
		try (Connection connection = adminConnection()) {
			return variable(connection, name);
		}
		catch (SQLException ex) {
			throw failure("Could not read @@" + name + " of " + this.name, ex);
		}
	}

	private static String variable(Connection connection, String name) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@" + name)) {
			result.next();
			return result.getString(1);
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
