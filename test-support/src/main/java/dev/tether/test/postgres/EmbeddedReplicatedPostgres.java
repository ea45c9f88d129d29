package dev.tether.test.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * An embedded replicated PostgreSQL 17: a primary and {@code n} hot-standby replicas
 * streaming from it, all listening on {@code 127.0.0.1} and running from the
 * {@code io.zonky.test.postgres} binaries (Linux x86_64 only).
 *
 * <p>{@link #start(int)} initialises a primary with an application role
 * ({@link #username()}) owning the database {@link #database()}, clones it into each
 * replica and waits until every replica streams. Each node answers
 * {@code pg_is_in_recovery()} truthfully, so tests can ask which node served a query.
 *
 * <p>No server outlives the JVM: {@link #close()} stops the cluster, a shutdown hook calls
 * it on normal JVM exit, and a watchdog process cleans up after a {@code kill -9} of the
 * JVM. Running as root, the servers run as uid/gid 65534 ({@code nobody}), because
 * PostgreSQL refuses to run as root.
 *
 * <pre>{@code
 * try (EmbeddedReplicatedPostgres postgres = EmbeddedReplicatedPostgres.start(1)) {
 *     String primaryUrl = postgres.primary().jdbcUrl();
 *     String replicaUrl = postgres.replica(0).jdbcUrl();
 * }
 * }</pre>
 */
public final class EmbeddedReplicatedPostgres implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedReplicatedPostgres.class);

	private static final String DATABASE = "tether";

	private static final String USERNAME = "tether";

	private static final String PASSWORD = "tether-secret";

	private static final String SUPERUSER = "postgres";

	private final Path workDir;

	private final String superuserPassword;

	private final PostgresNode primary;

	private final List<PostgresNode> replicas;

	private final Watchdog watchdog;

	private final Thread shutdownHook;

	private volatile boolean shared;

	private boolean closed;

	private EmbeddedReplicatedPostgres(Path workDir, String superuserPassword, PostgresNode primary,
			List<PostgresNode> replicas, Watchdog watchdog) {
		this.workDir = workDir;
		this.superuserPassword = superuserPassword;
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.watchdog = watchdog;
		this.shutdownHook = new Thread(this::shutdown, "tether-pg-shutdown");
	}

	/**
	 * Starts a primary and {@code replicas} streaming replicas, returning once every
	 * replica streams from the primary and has replayed the setup (so the application
	 * database exists everywhere). Takes a second or two, plus about two seconds to extract
	 * the binaries into {@code java.io.tmpdir} the first time on a machine.
	 * @param replicas the number of replicas, {@code >= 0}
	 * @return the running cluster; {@link #close() close} it when done
	 * @throws IllegalStateException if a node does not come up; the message holds the
	 * tail of that node's server log
	 */
	public static EmbeddedReplicatedPostgres start(int replicas) {
		if (replicas < 0) {
			throw new IllegalArgumentException("replicas must be >= 0: " + replicas);
		}
		long started = System.nanoTime();
		Path binDir = PostgresBinaries.install().resolve("bin");
		Path workDir = null;
		Watchdog watchdog;
		try {
			workDir = Files.createTempDirectory("tether-pg-cluster-").toRealPath();
			Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
			Os.giveToServerUser(workDir);
			// Before any server exists, so that no kill -9 can leave one behind.
			watchdog = Watchdog.start(workDir, "postmaster.pid", "QUIT");
		}
		catch (IOException ex) {
			Os.deleteQuietly(workDir);
			throw new UncheckedIOException("Could not prepare a work directory for embedded PostgreSQL", ex);
		}
		String superuserPassword = Passwords.random();
		PostgresNode primary = node("primary", false, workDir, binDir, superuserPassword);
		List<PostgresNode> replicaNodes = new ArrayList<>();
		for (int i = 1; i <= replicas; i++) {
			replicaNodes.add(node("replica-" + i, true, workDir, binDir, superuserPassword));
		}
		EmbeddedReplicatedPostgres cluster = new EmbeddedReplicatedPostgres(workDir, superuserPassword, primary,
				replicaNodes, watchdog);
		Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
		try {
			cluster.initialize();
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
		logger.info("Embedded PostgreSQL up in {} ms: primary on port {}, replicas on {} (work dir {})",
				(System.nanoTime() - started) / 1_000_000, primary.port(),
				replicaNodes.stream().map(PostgresNode::port).toList(), workDir);
		return cluster;
	}

	/**
	 * The primary, accepting reads and writes.
	 * @return the primary node
	 */
	public PostgresNode primary() {
		return this.primary;
	}

	/**
	 * The replicas, in order ({@code replica-1} first).
	 * @return an unmodifiable list, empty for a cluster started with no replicas
	 */
	public List<PostgresNode> replicas() {
		return this.replicas;
	}

	/**
	 * One replica by zero-based index: {@code replica(0)} is {@code replica-1}.
	 * @param index the index, {@code 0 <= index < replicas().size()}
	 * @return the replica
	 * @throws IndexOutOfBoundsException if there is no such replica
	 */
	public PostgresNode replica(int index) {
		Objects.checkIndex(index, this.replicas.size());
		return this.replicas.get(index);
	}

	/**
	 * The application database, owned by {@link #username()}.
	 * @return {@code tether}
	 */
	public String database() {
		return DATABASE;
	}

	/**
	 * The application role: may log in, owns {@link #database()}, is not a superuser.
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
	 * The superuser, also used for replication connections.
	 * @return {@code postgres}
	 */
	public String superuserName() {
		return SUPERUSER;
	}

	/**
	 * The superuser's password, random per cluster.
	 * @return the password
	 */
	public String superuserPassword() {
		return this.superuserPassword;
	}

	/**
	 * Waits until every running replica has replayed everything the primary wrote before
	 * this call: each replica's {@code pg_last_wal_replay_lsn()} reaches the primary's
	 * {@code pg_current_wal_lsn()} taken now. Asynchronous commits are flushed first, so
	 * every transaction committed before the call is covered. Stopped or killed replicas
	 * are skipped.
	 * @param timeout how long to wait for all replicas together
	 * @throws IllegalStateException if the primary is down or a replica does not catch up
	 * in time (for example while its replay is paused)
	 */
	public void awaitReplicasCaughtUp(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		long deadline = System.nanoTime() + timeout.toNanos();
		String target;
		try (Connection connection = this.primary.connect("postgres"); Statement statement = connection.createStatement()) {
			// synchronous_commit=off leaves recent commits unflushed, hence not yet sent; this flushes them.
			statement.execute("SELECT pg_logical_emit_message(false, 'tether', 'catch-up', true)");
			try (ResultSet result = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
				result.next();
				target = result.getString(1);
			}
		}
		catch (SQLException ex) {
			throw this.primary.failure("Could not read the primary's WAL position", ex);
		}
		for (PostgresNode replica : this.replicas) {
			if (replica.isRunning()) {
				replica.awaitReplayed(target, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			}
		}
	}

	/**
	 * Stops every node (fast shutdown, killing what does not stop), ends the watchdog and
	 * deletes the work directory. Idempotent. On the cluster of
	 * {@link SharedReplicatedPostgres} this does nothing: that one lives until JVM exit.
	 */
	@Override
	public void close() {
		if (this.shared) {
			logger.debug("Ignoring close() of the JVM-wide shared cluster; it is closed at JVM exit");
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
		return "EmbeddedReplicatedPostgres[primary=" + this.primary + ", replicas=" + this.replicas + "]";
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
		List<PostgresNode> nodes = new ArrayList<>(this.replicas);
		// Replicas first: a fast shutdown of the primary otherwise waits on their walsenders.
		nodes.add(this.primary);
		for (PostgresNode node : nodes) {
			try {
				node.stop();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop {}", node, ex);
			}
		}
		this.watchdog.stop();
		Os.deleteQuietly(this.workDir);
		logger.info("Embedded PostgreSQL stopped, {} deleted", this.workDir);
	}

	private void initialize() {
		try {
			Path passwordFile = this.workDir.resolve("superuser.pw");
			Files.writeString(passwordFile, this.superuserPassword + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE_NEW);
			Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
			Os.giveToServerUser(passwordFile);
			long started = System.nanoTime();
			try {
				this.primary.initdb(passwordFile);
			}
			finally {
				Files.deleteIfExists(passwordFile);
			}
			logger.debug("initdb took {} ms", (System.nanoTime() - started) / 1_000_000);
			configurePrimary();
			started = System.nanoTime();
			// initdb leaves a cleanly shut down cluster: a consistent base backup without
			// pg_basebackup. Cloned before the primary ever runs, the replicas get the
			// application role and database by streaming, sparing a stop and start of the primary.
			for (PostgresNode replica : this.replicas) {
				copyDataDirectory(this.primary.dataDir(), replica.dataDir());
				configureReplica(replica);
			}
			logger.debug("Cloning {} replica(s) took {} ms", this.replicas.size(), (System.nanoTime() - started) / 1_000_000);
		}
		catch (IOException ex) {
			throw this.primary.failure("Could not set up the data directories", ex);
		}
		this.primary.start();
		createApplicationRole();
		startAll(this.replicas);
		// Streaming is not enough: the application database must exist on the replicas too.
		awaitReplicasCaughtUp(Duration.ofSeconds(60));
	}

	private void configurePrimary() throws IOException {
		Path dataDir = this.primary.dataDir();
		append(dataDir.resolve("postgresql.conf"), """

				# tether test-support
				listen_addresses = '127.0.0.1'
				unix_socket_directories = ''
				wal_level = replica
				max_wal_senders = 10
				wal_keep_size = 512MB
				hot_standby = on
				hot_standby_feedback = on
				wal_receiver_status_interval = 1s
				max_connections = 300
				shared_buffers = 32MB
				fsync = off
				full_page_writes = off
				synchronous_commit = off
				""");
		Files.writeString(dataDir.resolve("pg_hba.conf"), """
				host all all 127.0.0.1/32 scram-sha-256
				host replication all 127.0.0.1/32 scram-sha-256
				""", StandardCharsets.UTF_8);
	}

	private void createApplicationRole() {
		try (Connection connection = this.primary.connect("postgres"); Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE " + USERNAME + " LOGIN NOSUPERUSER PASSWORD '" + PASSWORD + "'");
			statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
		}
		catch (SQLException ex) {
			throw this.primary.failure("Could not create the application role and database", ex);
		}
	}

	private void configureReplica(PostgresNode replica) throws IOException {
		Files.createFile(replica.dataDir().resolve("standby.signal"));
		String conninfo = "host=127.0.0.1 port=" + this.primary.port() + " user=" + SUPERUSER + " password="
				+ this.superuserPassword + " application_name=" + replica.name();
		append(replica.dataDir().resolve("postgresql.conf"), "primary_conninfo = '" + conninfo.replace("'", "''")
				+ "'\n"
				// The default 5 s between reconnection attempts would slow down restarts of the primary.
				+ "wal_retrieve_retry_interval = 200ms\n");
		Os.giveToServerUser(replica.dataDir());
	}

	private static void startAll(List<PostgresNode> nodes) {
		if (nodes.size() <= 1) {
			nodes.forEach(PostgresNode::start);
			return;
		}
		List<Thread> threads = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		for (PostgresNode node : nodes) {
			Thread thread = new Thread(() -> {
				try {
					node.start();
				}
				catch (RuntimeException ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			}, "tether-pg-start-" + node.name());
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while starting replicas", ex);
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
				String name = file.getFileName().toString();
				if (!name.equals("postmaster.pid") && !name.equals("postmaster.opts")) {
					Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

	private static PostgresNode node(String name, boolean replica, Path workDir, Path binDir, String superuserPassword) {
		return new PostgresNode(name, replica, workDir.resolve(name), workDir.resolve(name + ".log"), binDir, DATABASE,
				SUPERUSER, superuserPassword, EmbeddedReplicatedPostgres::freePort);
	}


	private static void append(Path file, String text) throws IOException {
		Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
	}


	/** The port source of this fixture's nodes: the one JVM-wide source of every fixture kind. */
	private static int freePort() {
		return Ports.free();
	}

}
