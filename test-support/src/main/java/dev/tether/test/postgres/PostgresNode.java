package dev.tether.test.postgres;

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
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import dev.tether.test.server.Os;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server of an {@link EmbeddedReplicatedPostgres} cluster: the primary or a
 * streaming replica. Besides connection details it offers fault controls for tests:
 * replication lag ({@link #setApplyDelay(Duration)}, {@link #pauseReplay()}) and node
 * failures ({@link #stop()}, {@link #kill()}, {@link #start()}).
 *
 * <p>Methods are thread-safe. Failures other than those of
 * {@link #openSuperuserConnection()} are reported as {@link IllegalStateException}s.
 */
public final class PostgresNode {

	private static final Logger logger = LoggerFactory.getLogger(PostgresNode.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final int LOG_TAIL_LINES = 30;

	private static final Driver DRIVER = new Driver();

	private final String name;

	private final boolean replica;

	private final Path dataDir;

	private final Path logFile;

	private final Path binDir;

	private final String database;

	private final String superuser;

	private final String superuserPassword;

	private final IntSupplier freePorts;

	private volatile int port;

	/** Set once the node started on its port; until then a port clash may pick another one. */
	private boolean portSettled;

	private Process process;

	PostgresNode(String name, boolean replica, Path dataDir, Path logFile, Path binDir, String database,
			String superuser, String superuserPassword, IntSupplier freePorts) {
		this.name = name;
		this.replica = replica;
		this.dataDir = dataDir;
		this.logFile = logFile;
		this.binDir = binDir;
		this.database = database;
		this.superuser = superuser;
		this.superuserPassword = superuserPassword;
		this.freePorts = freePorts;
		this.port = freePorts.getAsInt();
	}

	/**
	 * The node's name: {@code primary}, {@code replica-1}, {@code replica-2}, ... A replica
	 * also uses it as its {@code application_name} in {@code pg_stat_replication}.
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
	 * @return {@code jdbc:postgresql://127.0.0.1:<port>/tether}
	 */
	public String jdbcUrl() {
		return url(this.database);
	}

	/**
	 * Whether this node is a streaming replica (a hot standby).
	 * @return {@code true} for a replica, {@code false} for the primary
	 */
	public boolean isReplica() {
		return this.replica;
	}

	/**
	 * Whether the node's server process is alive (it may still be starting up).
	 * @return {@code true} while the postmaster runs
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Delays applying each replicated commit by {@code delay} ({@code recovery_min_apply_delay},
	 * set with {@code ALTER SYSTEM} and reloaded), emulating replication lag. Returns once the
	 * server has loaded the new value.
	 * @param delay the delay; {@link Duration#ZERO} removes it
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void setApplyDelay(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative: " + delay);
		}
		requireReplica("setApplyDelay");
		long millis = delay.toMillis();
		try (Connection connection = openSuperuserConnection(); Statement statement = connection.createStatement()) {
			statement.execute((millis == 0) ? "ALTER SYSTEM RESET recovery_min_apply_delay"
					: "ALTER SYSTEM SET recovery_min_apply_delay = '" + millis + "ms'");
			statement.execute("SELECT pg_reload_conf()");
			// The postmaster signals every child at once, so once this backend sees the value
			// the startup process (which applies the delay) has been told as well.
			awaitTrue(statement, "SELECT setting = '" + millis + "' FROM pg_settings WHERE name = 'recovery_min_apply_delay'",
					Duration.ofSeconds(10), "recovery_min_apply_delay = " + millis + "ms to be loaded");
		}
		catch (SQLException ex) {
			throw failure("Could not set the apply delay of " + this.name, ex);
		}
		logger.debug("{}: recovery_min_apply_delay = {} ms", this.name, millis);
	}

	/**
	 * Pauses WAL replay ({@code pg_wal_replay_pause()}) and waits until replay has actually
	 * paused. WAL keeps streaming in but is not applied until {@link #resumeReplay()} (or a
	 * restart of the replica, which forgets the pause).
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void pauseReplay() {
		requireReplica("pauseReplay");
		try (Connection connection = openSuperuserConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_wal_replay_pause()");
			awaitTrue(statement, "SELECT pg_get_wal_replay_pause_state() = 'paused'", Duration.ofSeconds(30),
					"WAL replay to pause");
		}
		catch (SQLException ex) {
			throw failure("Could not pause WAL replay on " + this.name, ex);
		}
		logger.debug("{}: WAL replay paused", this.name);
	}

	/**
	 * Resumes WAL replay paused by {@link #pauseReplay()} ({@code pg_wal_replay_resume()}).
	 * @throws IllegalStateException on the primary, or if the replica is not running
	 */
	public void resumeReplay() {
		requireReplica("resumeReplay");
		try (Connection connection = openSuperuserConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_wal_replay_resume()");
		}
		catch (SQLException ex) {
			throw failure("Could not resume WAL replay on " + this.name, ex);
		}
		logger.debug("{}: WAL replay resumed", this.name);
	}

	/**
	 * Stops the server cleanly ({@code pg_ctl stop -m fast -w}), killing it if that fails.
	 * Does nothing if it is not running.
	 */
	public synchronized void stop() {
		if (!isRunning()) {
			return;
		}
		try {
			Os.run(Os.asServerUser(List.of(bin("pg_ctl"), "stop", "-D", this.dataDir.toString(), "-m", "fast", "-w",
					"-t", Long.toString(STOP_TIMEOUT.toSeconds()))), this.dataDir, STOP_TIMEOUT.plusSeconds(5));
			if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IOException("postmaster still running after pg_ctl stop");
			}
			logger.info("Stopped {}", this.name);
		}
		catch (IOException ex) {
			logger.warn("Could not stop {} cleanly, killing it: {}", this.name, ex.getMessage());
			kill();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
		}
	}

	/**
	 * Emulates a crash: SIGKILLs the postmaster (its pid taken from the first line of
	 * {@code postmaster.pid}) and waits until it and all its child processes have exited.
	 * Does nothing if it is not running.
	 */
	public synchronized void kill() {
		if (!isRunning()) {
			return;
		}
		long pid = postmasterPid().orElse(this.process.pid());
		ProcessHandle postmaster = ProcessHandle.of(pid).orElse(this.process.toHandle());
		List<ProcessHandle> children = postmaster.descendants().toList();
		postmaster.destroyForcibly();
		this.process.destroyForcibly();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		boolean forced = false;
		while (Os.isRunning(pid) || this.process.isAlive() || children.stream().anyMatch((c) -> Os.isRunning(c.pid()))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Processes of " + this.name + " survived SIGKILL of postmaster " + pid);
			}
			if (!forced && System.nanoTime() > deadline - Duration.ofSeconds(5).toNanos()) {
				// Children normally notice the postmaster's death at once; don't wait forever.
				children.forEach(ProcessHandle::destroyForcibly);
				forced = true;
			}
			Os.pause(10);
		}
		logger.info("Killed {} (postmaster pid {})", this.name, pid);
	}

	/**
	 * Starts the server (again, after {@link #stop()} or {@link #kill()}) and waits until it
	 * accepts connections and, for a replica, until it streams WAL from the primary (which
	 * must be running). Does nothing if it is already running. A replica has not necessarily
	 * caught up yet; see {@link EmbeddedReplicatedPostgres#awaitReplicasCaughtUp(Duration)}.
	 * @throws IllegalStateException if it does not come up; the message holds the tail of
	 * the server log
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
				if (this.portSettled || attempt == 3 || !logSince(logOffset).contains("could not bind")) {
					throw ex;
				}
				int taken = this.port;
				this.port = this.freePorts.getAsInt();
				logger.info("{}: port {} was taken meanwhile, retrying on {}", this.name, taken, this.port);
			}
		}
		this.portSettled = true;
		if (this.replica) {
			awaitStreaming();
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
	 * Opens a connection to the application database on this node as the cluster's
	 * superuser, for tests and fault injection. The caller closes it.
	 * @return a new connection
	 * @throws SQLException if the node cannot be reached
	 */
	public Connection openSuperuserConnection() throws SQLException {
		return connect(this.database);
	}

	@Override
	public String toString() {
		return this.name + " (" + (this.replica ? "replica" : "primary") + ", port " + this.port + ")";
	}

	// --- package-private plumbing used by EmbeddedReplicatedPostgres and tests ---

	Path dataDir() {
		return this.dataDir;
	}

	Path logFile() {
		return this.logFile;
	}

	/** The postmaster's pid from {@code postmaster.pid}, if the file is there. */
	OptionalLong postmasterPid() {
		try {
			List<String> lines = Files.readAllLines(this.dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
			return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			// Not running, or caught mid-write at startup.
			return OptionalLong.empty();
		}
	}

	/** Runs initdb into this node's (not yet existing) data directory. */
	void initdb(Path passwordFile) throws IOException {
		List<String> command = List.of(bin("initdb"), "-D", this.dataDir.toString(), "-U", this.superuser,
				"--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C",
				// No fsync: a test cluster does not survive a machine crash anyway.
				"--no-sync", "--no-instructions");
		Os.run(Os.asServerUser(command), this.dataDir.getParent(), Duration.ofMinutes(2));
	}

	/** Opens a superuser connection to {@code db} on this node. */
	Connection connect(String db) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.superuser);
		properties.setProperty("password", this.superuserPassword);
		properties.setProperty("connectTimeout", "5");
		properties.setProperty("sslmode", "disable");
		properties.setProperty("gssEncMode", "disable");
		properties.setProperty("ApplicationName", "tether-test-support");
		Connection connection = DRIVER.connect(url(db), properties);
		if (connection == null) {
			throw new SQLException("PostgreSQL driver rejected " + url(db));
		}
		return connection;
	}

	/** Wraps a failure with this node's identity and the tail of its server log. */
	IllegalStateException failure(String message, Throwable cause) {
		return new IllegalStateException(message + " (" + this + ", server log " + this.logFile + "); last "
				+ LOG_TAIL_LINES + " log lines:\n" + Os.tail(this.logFile, LOG_TAIL_LINES), cause);
	}

	private void launch() {
		List<String> command = new ArrayList<>(List.of(bin("postgres"), "-D", this.dataDir.toString(), "-p",
				Integer.toString(this.port)));
		try {
			// The JVM stays the postmaster's parent so that it reaps it: a stopped or killed
			// postmaster leaves no zombie (and no stale pid that looks alive to a restart).
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

	private void awaitAcceptingConnections() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw failure(this.name + " exited with code " + this.process.exitValue() + " while starting", last);
			}
			try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
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

	private void awaitStreaming() {
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			awaitTrue(statement, "SELECT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')",
					STARTUP_TIMEOUT, "streaming replication from the primary");
		}
		catch (SQLException ex) {
			throw failure(this.name + " failed while waiting for it to stream from the primary", ex);
		}
	}

	/** Polls a boolean query until it yields true. */
	void awaitTrue(Statement statement, String query, Duration timeout, String what) throws SQLException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try (ResultSet result = statement.executeQuery(query)) {
				if (result.next() && result.getBoolean(1)) {
					return;
				}
			}
			if (System.nanoTime() > deadline) {
				throw failure("Timed out after " + timeout + " waiting for " + what + " on " + this.name, null);
			}
			Os.pause(10);
		}
	}

	/** Waits until this replica has replayed WAL up to {@code lsn}. */
	void awaitReplayed(String lsn, Duration timeout) {
		try (Connection connection = connect("postgres");
				PreparedStatement statement = connection.prepareStatement(
						"SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn, pg_last_wal_replay_lsn()::text, pg_get_wal_replay_pause_state()")) {
			statement.setString(1, lsn);
			long deadline = System.nanoTime() + timeout.toNanos();
			while (true) {
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					if (result.getBoolean(1)) {
						return;
					}
					if (System.nanoTime() > deadline) {
						throw failure(this.name + " did not replay up to " + lsn + " within " + timeout + " (replayed up to "
								+ result.getString(2) + ", replay pause state: " + result.getString(3) + ")", null);
					}
				}
				Os.pause(5);
			}
		}
		catch (SQLException ex) {
			throw failure("Could not check replay progress of " + this.name, ex);
		}
	}

	private void requireReplica(String operation) {
		if (!this.replica) {
			throw new IllegalStateException(operation + "() controls WAL replay on a replica; " + this.name
					+ " is the primary and replays nothing");
		}
	}

	private String url(String db) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + db;
	}

	private String bin(String executable) {
		return this.binDir.resolve(executable).toString();
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
