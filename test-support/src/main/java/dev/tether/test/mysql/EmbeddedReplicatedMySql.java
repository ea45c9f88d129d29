package dev.tether.test.mysql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import dev.tether.test.server.Os;
import dev.tether.test.server.Passwords;
import dev.tether.test.server.Ports;
import dev.tether.test.server.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded replicated MySQL 8: a primary and {@code n} replicas replicating from it by GTID
 * auto-positioning, all listening on {@code 127.0.0.1} on free ports, with their data directories and
 * sockets in a temporary directory, started from the {@code mysqld} 8.0.31 that Maven Central ships in
 * {@value MySqlBinaries#ARTIFACT} (see {@link MySqlBinaries}; a test dependency the project adds).
 *
 * <p>{@link #start(int)} initializes one data directory ({@code mysqld --initialize-insecure} with an
 * init file that creates the users and the database, so no binary log holds them), copies it for
 * each replica (without {@code auto.cnf}, so each gets a server UUID of its own), starts every server
 * with {@code --gtid-mode=ON --enforce-gtid-consistency=ON} and binary logs
 * ({@code --super-read-only} on the replicas), and points each replica at the primary
 * ({@code CHANGE REPLICATION SOURCE TO ... SOURCE_AUTO_POSITION = 1; START REPLICA}). The
 * application user {@link #username()} ({@code caching_sha2_password}, MySQL 8's default) owns the
 * database {@link #database()} and is no administrator, so the replicas' {@code read_only} applies to it
 * as it does in production; it may monitor replication ({@code REPLICATION CLIENT}:
 * {@code SHOW REPLICA STATUS}). Each node answers {@code @@server_id} and {@code @@read_only}
 * truthfully, so tests can ask which node served a query. A primary and a replica are up in about
 * five seconds.
 *
 * <p>No server outlives the JVM: {@link #close()} stops the cluster, a shutdown hook calls it on
 * normal JVM exit, and a watchdog process kills the servers after a {@code kill -9} of the JVM.
 * Running as root, the servers run as root ({@code --user=root}).
 *
 * <pre>{@code
 * try (EmbeddedReplicatedMySql mysql = EmbeddedReplicatedMySql.start(1)) {
 *     String primaryUrl = mysql.primary().jdbcUrl();   // jdbc:mysql://127.0.0.1:<port>/tether
 *     String replicaUrl = mysql.replica(0).jdbcUrl();
 * }
 * }</pre>
 */
public final class EmbeddedReplicatedMySql implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedReplicatedMySql.class);

	private static final String DATABASE = "tether";

	private static final String USERNAME = "tether";

	private static final String PASSWORD = "tether-secret";

	private static final String ADMIN = "root";

	private static final String REPLICATION_USER = "tether_repl";

	/** What a replica's copy of the primary's data directory must not take along. */
	private static final Set<String> NOT_COPIED = Set.of("auto.cnf", MySqlNode.PID_FILE);

	private final Path workDir;

	private final String adminPassword;

	private final String replicationPassword;

	private final MySqlNode primary;

	private final List<MySqlNode> replicas;

	private final Watchdog watchdog;

	private final Thread shutdownHook;

	private volatile boolean shared;

	private boolean closed;

	private EmbeddedReplicatedMySql(Path workDir, String adminPassword, MySqlNode primary, List<MySqlNode> replicas,
			Watchdog watchdog) {
		this.workDir = workDir;
		this.adminPassword = adminPassword;
		this.replicationPassword = Passwords.random();
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.watchdog = watchdog;
		this.shutdownHook = new Thread(this::shutdown, "tether-mysql-shutdown");
	}

	/**
	 * Starts a primary and {@code replicas} replicas, returning once every replica replicates. Takes
	 * about five seconds (the data directory's initialization, three of them), and another two the
	 * first time on a machine, when the server is extracted.
	 * @param replicas the number of replicas, {@code >= 0}
	 * @return the running cluster; {@link #close() close} it when done
	 * @throws IllegalStateException if MySQL cannot run here ({@link MySqlBinaries#unavailableReason()})
	 * or a node does not come up (the message holds the tail of that node's server log)
	 */
	public static EmbeddedReplicatedMySql start(int replicas) {
		if (replicas < 0) {
			throw new IllegalArgumentException("replicas must be >= 0: " + replicas);
		}
		long started = System.nanoTime();
		MySqlBinaries binaries = MySqlBinaries.require();
		Path workDir = null;
		Watchdog watchdog;
		try {
			workDir = Files.createTempDirectory("tether-mysql-").toRealPath();
			// Before any server exists, so that no kill -9 can leave one behind. Data is thrown
			// away, so SIGKILL is the right stop.
			watchdog = Watchdog.start(workDir, MySqlNode.PID_FILE, "KILL");
		}
		catch (IOException ex) {
			Os.deleteQuietly(workDir);
			throw new UncheckedIOException("Could not prepare a work directory for embedded MySQL", ex);
		}
		String adminPassword = Passwords.random();
		MySqlNode primary = new MySqlNode("primary", false, 1, workDir, binaries, DATABASE, ADMIN, adminPassword,
				EmbeddedReplicatedMySql::freePort);
		List<MySqlNode> replicaNodes = new ArrayList<>();
		for (int i = 1; i <= replicas; i++) {
			replicaNodes.add(new MySqlNode("replica-" + i, true, 1 + i, workDir, binaries, DATABASE, ADMIN,
					adminPassword, EmbeddedReplicatedMySql::freePort));
		}
		EmbeddedReplicatedMySql cluster = new EmbeddedReplicatedMySql(workDir, adminPassword, primary, replicaNodes,
				watchdog);
		Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
		try {
			cluster.initialize();
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
		logger.info("Embedded MySQL up in {} ms: primary on port {}, replicas on {} (work dir {})",
				(System.nanoTime() - started) / 1_000_000, primary.port(),
				replicaNodes.stream().map(MySqlNode::port).toList(), workDir);
		return cluster;
	}

	/**
	 * The primary, accepting reads and writes.
	 * @return the primary node
	 */
	public MySqlNode primary() {
		return this.primary;
	}

	/**
	 * The replicas, in order ({@code replica-1} first).
	 * @return an unmodifiable list, empty for a cluster started with no replicas
	 */
	public List<MySqlNode> replicas() {
		return this.replicas;
	}

	/**
	 * One replica by zero-based index: {@code replica(0)} is {@code replica-1}.
	 * @param index the index, {@code 0 <= index < replicas().size()}
	 * @return the replica
	 * @throws IndexOutOfBoundsException if there is no such replica
	 */
	public MySqlNode replica(int index) {
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
	 * The application user: all privileges on {@link #database()}, replication monitoring
	 * ({@code REPLICATION CLIENT}), no administration (so {@code read_only} binds it).
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
	 * The administrator ({@code root@127.0.0.1} and {@code root@localhost}).
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
	 * call: each replica's {@code WAIT_FOR_EXECUTED_GTID_SET} of the primary's
	 * {@code @@GLOBAL.gtid_executed} taken now. Stopped or killed replicas are skipped.
	 * @param timeout how long to wait for all replicas together
	 * @throws IllegalStateException if the primary is down or a replica does not catch up in
	 * time (for example while a delay or a pause holds it back)
	 */
	public void awaitReplicasCaughtUp(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		long deadline = System.nanoTime() + timeout.toNanos();
		String target = this.primary.gtidExecuted();
		for (MySqlNode replica : this.replicas) {
			if (replica.isRunning()) {
				replica.awaitGtid(target, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			}
		}
	}

	/**
	 * Kills every node (its data is thrown away, so no clean shutdown is waited for), ends the
	 * watchdog and deletes the work directory. Idempotent. On the cluster of {@link SharedReplicatedMySql} this does nothing:
	 * that one lives until JVM exit.
	 */
	@Override
	public void close() {
		if (this.shared) {
			logger.debug("Ignoring close() of the JVM-wide shared MySQL cluster; it is closed at JVM exit");
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
		return "EmbeddedReplicatedMySql[primary=" + this.primary + ", replicas=" + this.replicas + "]";
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
		List<MySqlNode> nodes = new ArrayList<>(this.replicas);
		nodes.add(this.primary);
		// Killed, not stopped: the data is deleted next, and a clean InnoDB shutdown takes seconds.
		runOnEach(nodes, (node) -> {
			try {
				node.kill();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop {}", node, ex);
			}
		});
		this.watchdog.stop();
		Os.deleteQuietly(this.workDir);
		logger.info("Embedded MySQL stopped, {} deleted", this.workDir);
	}

	private void initialize() {
		long started = System.nanoTime();
		Path initFile = this.workDir.resolve("init.sql");
		try {
			Files.writeString(initFile, initSql(), StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(initFile, PosixFilePermissions.fromString("rw-------"));
			this.primary.initialize(initFile);
			logger.debug("mysqld --initialize-insecure took {} ms", (System.nanoTime() - started) / 1_000_000);
			for (MySqlNode replica : this.replicas) {
				copyDataDirectory(this.primary.dataDir(), replica.dataDir());
			}
		}
		catch (IOException ex) {
			throw this.primary.failure("Could not set up the data directories", ex);
		}
		finally {
			// it holds the passwords
			Os.deleteQuietly(initFile);
		}
		List<MySqlNode> all = new ArrayList<>(this.replicas);
		all.add(this.primary);
		runOnEach(all, MySqlNode::start);
		for (MySqlNode replica : this.replicas) {
			replica.replicateFrom(this.primary, REPLICATION_USER, this.replicationPassword);
		}
	}

	/**
	 * The users and the database, created while the data directory is initialized: before any
	 * binary log exists, so they are part of every copy and no replica replays them.
	 */
	private String initSql() {
		return String.join("\n",
				// --initialize-insecure leaves root@localhost without a password: not on its socket either
				"ALTER USER 'root'@'localhost' IDENTIFIED BY '" + this.adminPassword + "';",
				// mysql_native_password: the fixture's own connections (MariaDB's driver) need no TLS nor RSA key
				"CREATE USER 'root'@'127.0.0.1' IDENTIFIED WITH mysql_native_password BY '" + this.adminPassword + "';",
				"GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
				"CREATE USER '" + REPLICATION_USER + "'@'127.0.0.1' IDENTIFIED BY '" + this.replicationPassword + "';",
				"GRANT REPLICATION SLAVE ON *.* TO '" + REPLICATION_USER + "'@'127.0.0.1';",
				"CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4;",
				"CREATE USER '" + USERNAME + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';",
				"GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USERNAME + "'@'127.0.0.1';",
				// Monitoring only: neither SUPER nor CONNECTION_ADMIN, which would bypass read_only.
				"GRANT REPLICATION CLIENT ON *.* TO '" + USERNAME + "'@'127.0.0.1';", "");
	}

	/** The port source of this fixture's nodes: the one JVM-wide source of every fixture kind. */
	private static int freePort() {
		return Ports.free();
	}

	private static void runOnEach(List<MySqlNode> nodes, Consumer<MySqlNode> action) {
		if (nodes.size() <= 1) {
			nodes.forEach(action);
			return;
		}
		List<Thread> threads = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		for (MySqlNode node : nodes) {
			Thread thread = new Thread(() -> {
				try {
					action.accept(node);
				}
				catch (RuntimeException ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			}, "tether-mysql-" + node.name());
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the MySQL nodes", ex);
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
				// Without auto.cnf the copy makes a server UUID of its own at its first start: a
				// replica with its source's UUID is refused.
				if (!NOT_COPIED.contains(file.getFileName().toString())) {
					Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

}
