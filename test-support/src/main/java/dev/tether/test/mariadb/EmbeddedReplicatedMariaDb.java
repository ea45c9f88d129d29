package dev.tether.test.mariadb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.tether.test.server.Os;
import dev.tether.test.server.Passwords;
import dev.tether.test.server.Ports;
import dev.tether.test.server.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded replicated MariaDB: a primary and {@code n} replicas replicating from it by GTID,
 * all listening on {@code 127.0.0.1} on free ports, with their data directories and sockets in a
 * temporary directory, started from the machine's {@code mariadbd} (the Debian package
 * {@code mariadb-server}; see {@link MariaDbBinaries}).
 *
 * <p>{@link #start(int)} initializes one data directory ({@code mariadb-install-db --no-defaults}),
 * copies it for each replica, starts every server with binary logs, {@code --gtid-strict-mode=1}
 * and {@code --log-slave-updates=1} ({@code --read-only=1} on the replicas), creates the users and
 * the database on the primary only, points each replica at the primary
 * ({@code MASTER_USE_GTID = slave_pos}) before anything is written on it, and waits until every
 * replica has applied the setup. The application user {@link #username()} owns the database
 * {@link #database()} and is no administrator, so the replicas' {@code read_only} applies to it as
 * it does in production (administrators bypass it); it may monitor replication
 * ({@code SHOW SLAVE STATUS}, {@code @@gtid_*}) for lag measurement. Each node answers
 * {@code @@server_id} and {@code @@read_only} truthfully, so tests can ask which node served a query.
 *
 * <p>No server outlives the JVM: {@link #close()} stops the cluster, a shutdown hook calls it on
 * normal JVM exit, and a watchdog process kills the servers after a {@code kill -9} of the JVM.
 * Running as root, the servers run as uid/gid 65534 ({@code nobody}), because mariadbd refuses to
 * run as root.
 *
 * <pre>{@code
 * try (EmbeddedReplicatedMariaDb mariadb = EmbeddedReplicatedMariaDb.start(1)) {
 *     String primaryUrl = mariadb.primary().jdbcUrl();
 *     String replicaUrl = mariadb.replica(0).jdbcUrl();
 * }
 * }</pre>
 */
public final class EmbeddedReplicatedMariaDb implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedReplicatedMariaDb.class);

	private static final String DATABASE = "tether";

	private static final String USERNAME = "tether";

	private static final String PASSWORD = "tether-secret";

	private static final String ADMIN = "root";

	private static final String REPLICATION_USER = "tether_repl";

	private final Path workDir;

	private final String adminPassword;

	private final String replicationPassword;

	private final MariaDbNode primary;

	private final List<MariaDbNode> replicas;

	private final Watchdog watchdog;

	private final Thread shutdownHook;

	private volatile boolean shared;

	private boolean closed;

	private EmbeddedReplicatedMariaDb(Path workDir, MariaDbNode primary, List<MariaDbNode> replicas,
			Watchdog watchdog) {
		this.workDir = workDir;
		this.adminPassword = Passwords.random();
		this.replicationPassword = Passwords.random();
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.watchdog = watchdog;
		this.shutdownHook = new Thread(this::shutdown, "tether-mariadb-shutdown");
	}

	/**
	 * Starts a primary and {@code replicas} replicas, returning once every replica replicates
	 * and has applied the setup (so the users and the application database exist everywhere).
	 * Takes two to three seconds.
	 * @param replicas the number of replicas, {@code >= 0}
	 * @return the running cluster; {@link #close() close} it when done
	 * @throws IllegalStateException if {@code mariadbd} is not installed
	 * ({@link MariaDbBinaries#MISSING_MESSAGE}) or a node does not come up (the message holds the
	 * tail of that node's server log)
	 */
	public static EmbeddedReplicatedMariaDb start(int replicas) {
		if (replicas < 0) {
			throw new IllegalArgumentException("replicas must be >= 0: " + replicas);
		}
		long started = System.nanoTime();
		MariaDbBinaries binaries = MariaDbBinaries.require();
		Path workDir = null;
		Watchdog watchdog;
		try {
			workDir = Files.createTempDirectory("tether-mariadb-").toRealPath();
			Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
			Os.giveToServerUser(workDir);
			// Before any server exists, so that no kill -9 can leave one behind. Data is thrown
			// away, so SIGKILL is the right stop.
			watchdog = Watchdog.start(workDir, MariaDbNode.PID_FILE, "KILL");
		}
		catch (IOException ex) {
			Os.deleteQuietly(workDir);
			throw new UncheckedIOException("Could not prepare a work directory for embedded MariaDB", ex);
		}
		MariaDbNode primary = new MariaDbNode("primary", false, 1, workDir, binaries, DATABASE, ADMIN,
				EmbeddedReplicatedMariaDb::freePort);
		List<MariaDbNode> replicaNodes = new ArrayList<>();
		for (int i = 1; i <= replicas; i++) {
			replicaNodes.add(new MariaDbNode("replica-" + i, true, 1 + i, workDir, binaries, DATABASE, ADMIN,
					EmbeddedReplicatedMariaDb::freePort));
		}
		EmbeddedReplicatedMariaDb cluster = new EmbeddedReplicatedMariaDb(workDir, primary, replicaNodes, watchdog);
		Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
		try {
			cluster.initialize();
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
		logger.info("Embedded MariaDB up in {} ms: primary on port {}, replicas on {} (work dir {})",
				(System.nanoTime() - started) / 1_000_000, primary.port(),
				replicaNodes.stream().map(MariaDbNode::port).toList(), workDir);
		return cluster;
	}

	/**
	 * The primary, accepting reads and writes.
	 * @return the primary node
	 */
	public MariaDbNode primary() {
		return this.primary;
	}

	/**
	 * The replicas, in order ({@code replica-1} first).
	 * @return an unmodifiable list, empty for a cluster started with no replicas
	 */
	public List<MariaDbNode> replicas() {
		return this.replicas;
	}

	/**
	 * One replica by zero-based index: {@code replica(0)} is {@code replica-1}.
	 * @param index the index, {@code 0 <= index < replicas().size()}
	 * @return the replica
	 * @throws IndexOutOfBoundsException if there is no such replica
	 */
	public MariaDbNode replica(int index) {
		Objects.checkIndex(index, this.replicas.size());
		return this.replicas.get(index);
	}

	/**
	 * The application database, on which {@link #username()} has every privilege.
	 * @return {@code tether}
	 */
	public String database() {
		return DATABASE;
	}

	/**
	 * The application user: all privileges on {@link #database()}, replication monitoring, no
	 * administration (so {@code read_only} binds it).
	 * @return {@code tether}
	 */
	public String username() {
		return USERNAME;
	}

	/**
	 * The password of {@link #username()}.
	 * @return {@code tether-secret}
	 */
	public String password() {
		return PASSWORD;
	}

	/**
	 * The administrator, who bypasses {@code read_only}.
	 * @return {@code root}
	 */
	public String adminUsername() {
		return ADMIN;
	}

	/**
	 * The administrator's password, random per cluster.
	 * @return the password
	 */
	public String adminPassword() {
		return this.adminPassword;
	}

	/**
	 * Waits until every running replica has applied everything the primary committed before this
	 * call: each replica's {@code MASTER_GTID_WAIT} of the primary's {@code @@gtid_binlog_pos}
	 * taken now. Stopped or killed replicas are skipped.
	 * @param timeout how long to wait for all replicas together
	 * @throws IllegalStateException if the primary is down or a replica does not catch up in
	 * time (for example while a delay or a pause holds it back)
	 */
	public void awaitReplicasCaughtUp(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		long deadline = System.nanoTime() + timeout.toNanos();
		String target = this.primary.gtidBinlogPos();
		for (MariaDbNode replica : this.replicas) {
			if (replica.isRunning()) {
				replica.awaitGtid(target, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			}
		}
	}

	/**
	 * Stops every node (killing what does not stop), ends the watchdog and deletes the work
	 * directory. Idempotent. On the cluster of {@link SharedReplicatedMariaDb} this does
	 * nothing: that one lives until JVM exit.
	 */
	@Override
	public void close() {
		if (this.shared) {
			logger.debug("Ignoring close() of the JVM-wide shared MariaDB cluster; it is closed at JVM exit");
			return;
		}
		shutdown();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down.
		}
	}

	@Override
	public String toString() {
		return "EmbeddedReplicatedMariaDb[primary=" + this.primary + ", replicas=" + this.replicas + "]";
	}

	// --- package-private ---

	Path workDir() {
		return this.workDir;
	}

	long watchdogPid() {
		return this.watchdog.pid();
	}

	/** Marks this cluster as the JVM-wide one that {@link #close()} must not stop. */
	void markShared() {
		this.shared = true;
	}

	private synchronized void shutdown() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<MariaDbNode> nodes = new ArrayList<>(this.replicas);
		nodes.add(this.primary);
		// In parallel: a clean shutdown of each takes a few hundred milliseconds.
		runOnEach(nodes, (node) -> {
			try {
				node.stop();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop {}", node, ex);
			}
		});
		this.watchdog.stop();
		Os.deleteQuietly(this.workDir);
		logger.info("Embedded MariaDB stopped, {} deleted", this.workDir);
	}

	private void initialize() {
		long started = System.nanoTime();
		try {
			this.primary.installDb();
			logger.debug("mariadb-install-db took {} ms", (System.nanoTime() - started) / 1_000_000);
			// The fresh data directory holds no GTID yet: a replica cloned from it starts at the
			// very beginning of the primary's binary log and replays the setup below.
			for (MariaDbNode replica : this.replicas) {
				copyDataDirectory(this.primary.dataDir(), replica.dataDir());
				Os.giveToServerUser(replica.dataDir());
			}
		}
		catch (IOException ex) {
			throw this.primary.failure("Could not set up the data directories", ex);
		}
		List<MariaDbNode> all = new ArrayList<>(this.replicas);
		all.add(this.primary);
		runOnEach(all, MariaDbNode::start);
		setUpPrimary();
		String setUp = this.primary.gtidBinlogPos();
		for (MariaDbNode replica : this.replicas) {
			// Still with the empty password of the copied data directory: the new one arrives by replication.
			replica.replicateFrom(this.primary, REPLICATION_USER, this.replicationPassword, setUp);
			replica.adminPassword(this.adminPassword);
		}
	}

	/** Creates the users and the database; on the primary only, so the replicas get them by replication. */
	private void setUpPrimary() {
		try (Connection connection = this.primary.connect("", ""); Statement statement = connection.createStatement()) {
			List<String> rootHosts = new ArrayList<>();
			// root@<hostname> is left alone: --skip-name-resolve ignores it, and ALTER USER fails on it.
			try (ResultSet hosts = statement.executeQuery(
					"SELECT host FROM mysql.user WHERE user = 'root' AND host IN ('localhost', '127.0.0.1', '::1')")) {
				while (hosts.next()) {
					rootHosts.add(hosts.getString(1));
				}
			}
			for (String host : rootHosts) {
				statement.execute("ALTER USER 'root'@'" + host + "' IDENTIFIED BY '" + this.adminPassword + "'");
			}
			statement.execute("CREATE USER '" + REPLICATION_USER + "'@'127.0.0.1' IDENTIFIED BY '"
					+ this.replicationPassword + "'");
			statement.execute("GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'127.0.0.1'");
			statement.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
			statement.execute("CREATE USER '" + USERNAME + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
			statement.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USERNAME + "'@'127.0.0.1'");
			// Monitoring only: neither SUPER nor READ_ONLY ADMIN, which would bypass read_only.
			statement.execute("GRANT SLAVE MONITOR, BINLOG MONITOR ON *.* TO '" + USERNAME + "'@'127.0.0.1'");
		}
		catch (SQLException ex) {
			throw this.primary.failure("Could not create the users and the database", ex);
		}
		this.primary.adminPassword(this.adminPassword);
	}

	private static void runOnEach(List<MariaDbNode> nodes, java.util.function.Consumer<MariaDbNode> action) {
		if (nodes.size() <= 1) {
			nodes.forEach(action);
			return;
		}
		List<Thread> threads = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		for (MariaDbNode node : nodes) {
			Thread thread = new Thread(() -> {
				try {
					action.accept(node);
				}
				catch (RuntimeException ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			}, "tether-mariadb-" + node.name());
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the MariaDB nodes", ex);
			}
		}
		if (!failures.isEmpty()) {
			RuntimeException first = failures.get(0);
			failures.stream().skip(1).forEach(first::addSuppressed);
			throw first;
		}
	}

	private static void copyDataDirectory(Path source, Path target) throws IOException {
		Files.walkFileTree(source, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Files.copy(dir, target.resolve(source.relativize(dir)), StandardCopyOption.COPY_ATTRIBUTES);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				if (!file.getFileName().toString().equals(MariaDbNode.PID_FILE)) {
					Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}



	/** The port source of this fixture's nodes: the one JVM-wide source of every fixture kind. */
	private static int freePort() {
		return Ports.free();
	}

}
