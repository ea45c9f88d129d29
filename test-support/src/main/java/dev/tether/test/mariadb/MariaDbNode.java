package dev.tether.test.mariadb;

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

/**
 * One MariaDB server of an {@link EmbeddedReplicatedMariaDb} cluster: the primary or a GTID
 * replica. Besides connection details it offers what tests of lag and causal reads need: the
 * GTID positions ({@link #gtidBinlogPos()}, {@link #awaitGtid(String, Duration)}), replication
 * lag ({@link #setDelay(Duration)}, {@link #pauseApply()}) and node failures ({@link #stop()},
 * {@link #kill()}, {@link #start()}); what it shares with a MySQL node is in {@link BinlogNode}.
 *
 * <p>Methods are thread-safe. Failures other than those of {@link #openAdminConnection()} are
 * reported as {@link IllegalStateException}s that hold the tail of the server log.
 */
public final class MariaDbNode extends BinlogNode {

	/** Written by mariadbd into its data directory; the watchdog reads it. */
	static final String PID_FILE = "mariadbd.pid";

	private final MariaDbBinaries binaries;

	/** Empty until the cluster sets one; a replica learns it by replication. */
	private volatile String adminPassword = "";

	MariaDbNode(String name, boolean replica, int serverId, Path workDir, MariaDbBinaries binaries, String database,
			String adminUser, IntSupplier freePorts) {
		super(name, replica, serverId, workDir, database, adminUser, freePorts);
		this.binaries = binaries;
	}

	/**
	 * A JDBC URL for the cluster's application database on this node.
	 * @return {@code jdbc:mariadb://127.0.0.1:<port>/tether}
	 */
	@Override
	public String jdbcUrl() {
		return url(database());
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
	@Override
	public void awaitGtid(String gtidPos, Duration timeout) {
		Objects.requireNonNull(gtidPos, "gtidPos");
		requireReplica("awaitGtid");
		try (Connection connection = adminConnection()) {
			awaitGtid(connection, gtidPos, timeout);
		}
		catch (SQLException ex) {
			throw failure("Could not wait for " + gtidPos + " on " + name(), ex);
		}
	}

	// --- package-private plumbing used by EmbeddedReplicatedMariaDb and tests ---

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

	void adminPassword(String password) {
		this.adminPassword = password;
	}

	/** Runs mariadb-install-db into this node's (not yet existing) data directory. */
	void installDb() throws IOException {
		List<String> command = new ArrayList<>(List.of(this.binaries.installDb().toString(), "--no-defaults",
				"--datadir=" + dataDirectory(), "--auth-root-authentication-method=normal", "--skip-test-db"));
		// The same InnoDB sizes as the server: a smaller redo log makes this take 0.4 s instead of 2.
		command.addAll(innoDbSizes());
		Os.run(Os.asServerUser(command), dataDirectory().getParent(), Duration.ofMinutes(2));
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
			replicating();
			awaitReplicationRunning(statement, STARTUP_TIMEOUT);
			awaitGtid(connection, gtidPos, STARTUP_TIMEOUT);
		}
		catch (SQLException ex) {
			throw failure("Could not make " + name() + " replicate from " + primary, ex);
		}
	}

	/** Opens a connection as the administrator with the given password, to {@code db} or none. */
	Connection connect(String db, String password) throws SQLException {
		return connectAs(db, password);
	}

	/** Waits on {@code connection} until this replica has applied {@code gtidPos}. */
	void awaitGtid(Connection connection, String gtidPos, Duration timeout) throws SQLException {
		try (PreparedStatement wait = connection.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
			wait.setString(1, gtidPos);
			wait.setDouble(2, Math.max(0.001, timeout.toMillis() / 1000.0));
			try (ResultSet result = wait.executeQuery()) {
				result.next();
				if (result.getInt(1) != 0) {
					throw failure(name() + " did not apply GTID position " + gtidPos + " within " + timeout
							+ " (applied up to " + variable(connection, "gtid_slave_pos") + "; "
							+ replicationStatus(connection) + ")", null);
				}
			}
		}
	}

	/** Wraps a failure with this node's identity and the tail of its server log. */
	IllegalStateException failure(String message, Throwable cause) {
		return nodeFailure(message, cause);
	}

	@Override
	protected List<String> serverCommand() {
		List<String> command = new ArrayList<>(List.of(this.binaries.server().toString(), "--no-defaults",
				"--datadir=" + dataDirectory(), "--port=" + port(), "--bind-address=127.0.0.1",
				// In the work directory: never the machine's own /run/mysqld/mysqld.sock.
				"--socket=" + socket(), "--pid-file=" + dataDirectory().resolve(PID_FILE),
				// No --log-error: the server logs to stderr, which goes to the log file the JVM opened.
				"--server-id=" + serverId(), "--log-bin=mariadb-bin",
				"--relay-log=relay-bin", "--binlog-format=ROW", "--gtid-strict-mode=1", "--log-slave-updates=1",
				"--skip-name-resolve", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
				"--max-connections=300", "--performance-schema=OFF",
				// No fsync: a test cluster does not survive a machine crash anyway (a killed server
				// loses nothing: the OS still holds what it wrote).
				"--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0", "--innodb-doublewrite=0"));
		command.addAll(innoDbSizes());
		if (isReplica()) {
			command.add("--read-only=1");
		}
		// mariadbd refuses to run as root: as root, setpriv runs it as nobody
		return Os.asServerUser(command);
	}

	@Override
	protected String gtidTarget() {
		return gtidBinlogPos();
	}

	@Override
	protected String adminPassword() {
		return this.adminPassword;
	}

	@Override
	protected String replicaKeyword() {
		return "SLAVE";
	}

	@Override
	protected List<String> delayStatements(long seconds) {
		return List.of("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = " + seconds, "START SLAVE");
	}

	private static List<String> innoDbSizes() {
		return List.of("--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M");
	}

	private String variable(String name) {
		try (Connection connection = adminConnection()) {
			return variable(connection, name);
		}
		catch (SQLException ex) {
			throw failure("Could not read @@" + name + " of " + name(), ex);
		}
	}

	private static String variable(Connection connection, String name) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@" + name)) {
			result.next();
			return result.getString(1);
		}
	}

}
