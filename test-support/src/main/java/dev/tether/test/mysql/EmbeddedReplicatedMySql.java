package dev.tether.test.mysql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.tether.test.server.BinlogCluster;
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
public final class EmbeddedReplicatedMySql extends BinlogCluster<MySqlNode> {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedReplicatedMySql.class);

	/** What a replica's copy of the primary's data directory must not take along. */
	private static final Set<String> NOT_COPIED = Set.of("auto.cnf", MySqlNode.PID_FILE);

	private final String replicationPassword;

	private EmbeddedReplicatedMySql(Path workDir, String adminPassword, MySqlNode primary, List<MySqlNode> replicas,
			Watchdog watchdog) {
		super("MySQL", workDir, adminPassword, primary, replicas, watchdog);
		this.replicationPassword = Passwords.random();
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

	// --- package-private ---

	Path workDir() {
		return workDirectory();
	}

	long watchdogPid() {
		return watchdogProcessId();
	}

	/** Marks this cluster as the JVM-wide one that {@link #close()} must not stop. */
	void markShared() {
		shared();
	}

	/** Killed, not stopped: the data is deleted next, and a clean InnoDB shutdown takes seconds. */
	@Override
	protected void endNode(MySqlNode node) {
		node.kill();
	}

	private void initialize() {
		long started = System.nanoTime();
		Path initFile = workDirectory().resolve("init.sql");
		try {
			Files.writeString(initFile, initSql(), StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(initFile, PosixFilePermissions.fromString("rw-------"));
			primary().initialize(initFile);
			logger.debug("mysqld --initialize-insecure took {} ms", (System.nanoTime() - started) / 1_000_000);
			for (MySqlNode replica : replicas()) {
				copyDataDirectory(primary().dataDir(), replica.dataDir(), NOT_COPIED);
			}
		}
		catch (IOException ex) {
			throw primary().failure("Could not set up the data directories", ex);
		}
		finally {
			// it holds the passwords
			Os.deleteQuietly(initFile);
		}
		List<MySqlNode> all = new ArrayList<>(replicas());
		all.add(primary());
		runOnEach(all, MySqlNode::start);
		for (MySqlNode replica : replicas()) {
			replica.replicateFrom(primary(), REPLICATION_USER, this.replicationPassword);
		}
	}

	/**
	 * The users and the database, created while the data directory is initialized: before any
	 * binary log exists, so they are part of every copy and no replica replays them.
	 */
	private String initSql() {
		return String.join("\n",
				// --initialize-insecure leaves root@localhost without a password: not on its socket either
				"ALTER USER 'root'@'localhost' IDENTIFIED BY '" + adminPassword() + "';",
				// mysql_native_password: the fixture's own connections (MariaDB's driver) need no TLS nor RSA key
				"CREATE USER 'root'@'127.0.0.1' IDENTIFIED WITH mysql_native_password BY '" + adminPassword() + "';",
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

}
