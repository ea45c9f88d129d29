package dev.tether.test.mariadb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
public final class EmbeddedReplicatedMariaDb extends BinlogCluster<MariaDbNode> {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedReplicatedMariaDb.class);

	private final String replicationPassword;

	private EmbeddedReplicatedMariaDb(Path workDir, MariaDbNode primary, List<MariaDbNode> replicas, Watchdog watchdog) {
		super("MariaDB", workDir, Passwords.random(), primary, replicas, watchdog);
		this.replicationPassword = Passwords.random();
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

	/** Stopped cleanly, in parallel: each takes a few hundred milliseconds. */
	@Override
	protected void endNode(MariaDbNode node) {
		node.stop();
	}

	private void initialize() {
		long started = System.nanoTime();
		try {
			primary().installDb();
			logger.debug("mariadb-install-db took {} ms", (System.nanoTime() - started) / 1_000_000);
			// The fresh data directory holds no GTID yet: a replica cloned from it starts at the
			// very beginning of the primary's binary log and replays the setup below.
			for (MariaDbNode replica : replicas()) {
				copyDataDirectory(primary().dataDir(), replica.dataDir(), Set.of(MariaDbNode.PID_FILE));
				Os.giveToServerUser(replica.dataDir());
			}
		}
		catch (IOException ex) {
			throw primary().failure("Could not set up the data directories", ex);
		}
		List<MariaDbNode> all = new ArrayList<>(replicas());
		all.add(primary());
		runOnEach(all, MariaDbNode::start);
		setUpPrimary();
		String setUp = primary().gtidBinlogPos();
		for (MariaDbNode replica : replicas()) {
			// Still with the empty password of the copied data directory: the new one arrives by replication.
			replica.replicateFrom(primary(), REPLICATION_USER, this.replicationPassword, setUp);
			replica.adminPassword(adminPassword());
		}
	}

	/** Creates the users and the database; on the primary only, so the replicas get them by replication. */
	private void setUpPrimary() {
		try (Connection connection = primary().connect("", ""); Statement statement = connection.createStatement()) {
			List<String> rootHosts = new ArrayList<>();
			// root@<hostname> is left alone: --skip-name-resolve ignores it, and ALTER USER fails on it.
			try (ResultSet hosts = statement.executeQuery(
					"SELECT host FROM mysql.user WHERE user = 'root' AND host IN ('localhost', '127.0.0.1', '::1')")) {
				while (hosts.next()) {
					rootHosts.add(hosts.getString(1));
				}
			}
			for (String host : rootHosts) {
				statement.execute("ALTER USER 'root'@'" + host + "' IDENTIFIED BY '" + adminPassword() + "'");
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
			throw primary().failure("Could not create the users and the database", ex);
		}
		primary().adminPassword(adminPassword());
	}

	/** The port source of this fixture's nodes: the one JVM-wide source of every fixture kind. */
	private static int freePort() {
		return Ports.free();
	}

}
