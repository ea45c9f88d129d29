package dev.tether.test.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.mariadb.jdbc.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a MySQL 8 and a MariaDB node of an embedded cluster do alike: the server process (start
 * with a retry on a port taken meanwhile, clean stop, kill), the administrator's connections
 * through the MariaDB driver (which {@code tether-test} depends on), and the replication controls
 * (delay, pause and resume of the applier) in each database's words. Public only because the two
 * node classes live in packages of their own; not an API.
 *
 * <p>Methods are thread-safe. Failures other than those of {@link #openAdminConnection()} are
 * reported as {@link IllegalStateException}s that hold the tail of the server log.
 */
public abstract class BinlogNode {

	private static final Logger logger = LoggerFactory.getLogger(BinlogNode.class);

	/** How long a server may take to accept connections, or a replica to run its replication. */
	protected static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final int LOG_TAIL_LINES = 30;

	private static final Driver DRIVER = new Driver();

	private final String name;

	private final boolean replica;

	private final int serverId;

	private final Path dataDir;

	private final Path logFile;

	private final Path socket;

	private final String database;

	private final String adminUser;

	private final IntSupplier freePorts;

	private volatile int port;

	/** Set once the node started on its port; until then a port clash may pick another one. */
	private boolean portSettled;

	/** Whether replication was configured, so a (re)start waits for replication to run. */
	private volatile boolean replicating;

	private Process process;

	protected BinlogNode(String name, boolean replica, int serverId, Path workDir, String database, String adminUser,
			IntSupplier freePorts) {
		this.name = name;
		this.replica = replica;
		this.serverId = serverId;
		this.dataDir = workDir.resolve(name);
		this.logFile = workDir.resolve(name + ".log");
		this.socket = workDir.resolve(name + ".sock");
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
	 * A JDBC URL of the cluster's application database on this node.
	 * @return the URL
	 */
	public abstract String jdbcUrl();

	/**
	 * Whether this node is a replica (started read-only).
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
	 * @return {@code true} while the server runs
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Delays applying each replicated transaction until {@code delay} after it committed on the
	 * primary (MySQL {@code SOURCE_DELAY}, MariaDB {@code MASTER_DELAY}), emulating replication lag.
	 * Returns once replication runs again with the new delay.
	 * @param delay the delay, rounded up to whole seconds (the databases' unit); {@link Duration#ZERO}
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
			for (String sql : delayStatements(seconds)) {
				statement.execute(sql);
			}
			awaitReplicationRunning(statement, STARTUP_TIMEOUT);
		}
		catch (SQLException ex) {
			throw nodeFailure("Could not set the replication delay of " + this.name, ex);
		}
		logger.debug("{}: replication delay {} s", this.name, seconds);
	}

	/**
	 * Stops applying replicated transactions (the SQL thread); they keep arriving in the relay log
	 * until {@link #resumeApply()}.
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void pauseApply() {
		requireReplica("pauseApply");
		adminStatement("STOP " + replicaKeyword() + " SQL_THREAD", "pause applying on " + this.name);
	}

	/**
	 * Resumes applying after {@link #pauseApply()}.
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void resumeApply() {
		requireReplica("resumeApply");
		adminStatement("START " + replicaKeyword() + " SQL_THREAD", "resume applying on " + this.name);
	}

	/**
	 * Stops receiving the primary's changes (the IO thread), as a broken network
	 * link between them would, until {@link #resumeReceiving()}.
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void pauseReceiving() {
		requireReplica("pauseReceiving");
		adminStatement("STOP " + replicaKeyword() + " IO_THREAD", "stop receiving on " + this.name);
	}

	/**
	 * Resumes receiving after {@link #pauseReceiving()}.
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void resumeReceiving() {
		requireReplica("resumeReceiving");
		adminStatement("START " + replicaKeyword() + " IO_THREAD", "resume receiving on " + this.name);
	}

	/**
	 * Stops the server cleanly (SIGTERM, as {@code mysqladmin shutdown} does), killing it if it does
	 * not stop in time. Does nothing if it is not running.
	 */
	public synchronized void stop() {
		if (!isRunning()) {
			return;
		}
		beforeStop();
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
	 * replication threads run. Does nothing if it is already running. A replica has not necessarily
	 * caught up yet.
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
				throw nodeFailure(this.name + " failed while waiting for its replication to run", ex);
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
	 * it), for tests and fault injection, with the MariaDB driver. The caller closes it.
	 * @return a new connection
	 * @throws SQLException if the node cannot be reached
	 */
	public Connection openAdminConnection() throws SQLException {
		return connectAs(this.database, adminPassword());
	}

	@Override
	public String toString() {
		return this.name + " (" + (this.replica ? "replica" : "primary") + ", port " + this.port + ")";
	}

	// --- for the two node classes ---

	/** The server's command line: binary, data directory, port, socket, pid file, GTIDs, read-only. */
	protected abstract List<String> serverCommand();

	/** The administrator's password as it is now. */
	protected abstract String adminPassword();

	/** {@code REPLICA} (MySQL 8.0.22+) or {@code SLAVE} (MariaDB), in replication statements and status columns. */
	protected abstract String replicaKeyword();

	/** The statements that set the applier's delay to {@code seconds}, leaving replication running. */
	protected abstract List<String> delayStatements(long seconds);

	/**
	 * Waits until this replica has applied {@code gtids}.
	 * @param gtids what {@link #gtidTarget()} of the primary returned
	 * @param timeout how long to wait
	 * @throws IllegalStateException on the primary, if the replica is not running or if it has not
	 * applied them in time
	 */
	public abstract void awaitGtid(String gtids, Duration timeout);

	/** What a replica must have applied to have everything this node committed until now. */
	protected abstract String gtidTarget();

	/** Runs before a clean stop. */
	protected void beforeStop() {
	}

	/** The cluster's application database. */
	protected final String database() {
		return this.database;
	}

	protected final Path dataDirectory() {
		return this.dataDir;
	}

	protected final Path logPath() {
		return this.logFile;
	}

	protected final Path socket() {
		return this.socket;
	}

	/** Marks replication as configured: from now on a (re)start waits for it to run. */
	protected final void replicating() {
		this.replicating = true;
	}

	/** The server's pid, or -1 when it is not running. */
	protected final synchronized long processId() {
		return isRunning() ? this.process.pid() : -1;
	}

	/** A MariaDB Connector/J URL of {@code db} on this node. */
	protected final String url(String db) {
		return "jdbc:mariadb://127.0.0.1:" + this.port + "/" + db;
	}

	/** Opens a connection as the administrator with the given password, to {@code db} or none. */
	protected final Connection connectAs(String db, String password) throws SQLException {
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

	/** An administrator's connection to no database: the application's may not exist yet. */
	protected final Connection adminConnection() throws SQLException {
		return connectAs("", adminPassword());
	}

	/** Wraps a failure with this node's identity and the tail of its server log. */
	protected final IllegalStateException nodeFailure(String message, Throwable cause) {
		return new IllegalStateException(message + " (" + this + ", server log " + this.logFile + "); last "
				+ LOG_TAIL_LINES + " log lines:\n" + Os.tail(this.logFile, LOG_TAIL_LINES), cause);
	}

	protected final void adminStatement(String sql, String what) {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw nodeFailure("Could not " + what, ex);
		}
		logger.debug("{}: {}", this.name, sql);
	}

	protected final void requireReplica(String operation) {
		if (!this.replica) {
			throw new IllegalStateException(operation + "() controls replication on a replica; " + this.name
					+ " is the primary and replicates nothing");
		}
	}

	/**
	 * Polls the replication status until both replication threads run, failing fast on a
	 * replication error.
	 */
	protected final void awaitReplicationRunning(Statement statement, Duration timeout) throws SQLException {
		String word = replicaKeyword().charAt(0) + replicaKeyword().substring(1).toLowerCase(java.util.Locale.ROOT);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try (ResultSet status = statement.executeQuery("SHOW " + replicaKeyword() + " STATUS")) {
				if (status.next()) {
					if ("Yes".equals(status.getString(word + "_IO_Running"))
							&& "Yes".equals(status.getString(word + "_SQL_Running"))) {
						return;
					}
					String sqlError = status.getString("Last_SQL_Error");
					if (sqlError != null && !sqlError.isEmpty()) {
						throw nodeFailure(this.name + " stopped replicating: " + sqlError, null);
					}
					String ioError = status.getString("Last_IO_Error");
					if (ioError != null && !ioError.isEmpty() && ioError.contains("fatal")) {
						throw nodeFailure(this.name + " cannot receive from its source: " + ioError, null);
					}
				}
			}
			if (System.nanoTime() > deadline) {
				throw nodeFailure("Timed out after " + timeout + " waiting for replication to run on " + this.name + " ("
						+ replicationStatus(statement.getConnection()) + ")", null);
			}
			Os.pause(10);
		}
	}

	/** The replication threads' state and errors, for failure messages. */
	protected final String replicationStatus(Connection connection) throws SQLException {
		String word = replicaKeyword().charAt(0) + replicaKeyword().substring(1).toLowerCase(java.util.Locale.ROOT);
		try (Statement statement = connection.createStatement();
				ResultSet status = statement.executeQuery("SHOW " + replicaKeyword() + " STATUS")) {
			if (!status.next()) {
				return "no replication configured";
			}
			return word + "_IO_Running=" + status.getString(word + "_IO_Running") + ", " + word + "_SQL_Running="
					+ status.getString(word + "_SQL_Running") + ", SQL_Delay=" + status.getString("SQL_Delay")
					+ ", Last_IO_Error=" + status.getString("Last_IO_Error") + ", Last_SQL_Error="
					+ status.getString("Last_SQL_Error");
		}
	}

	private void launch() {
		try {
			// The JVM stays the server's parent (a setpriv wrapper execs it), so that it reaps it: a
			// stopped or killed server leaves no zombie. The data directory is the working directory,
			// which the watchdog checks before signalling a pid.
			this.process = new ProcessBuilder(serverCommand()).directory(this.dataDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
		}
		catch (IOException ex) {
			throw nodeFailure("Could not launch " + this.name, ex);
		}
	}

	private void awaitAcceptingConnections() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw nodeFailure(this.name + " exited with code " + this.process.exitValue() + " while starting", last);
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
		throw nodeFailure(this.name + " did not accept connections within " + STARTUP_TIMEOUT, last);
	}

	private void waitForExit() {
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
