package dev.tether.replica;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.ClassUtils;

/**
 * MySQL and MariaDB: lag from the replica's {@code SHOW REPLICA STATUS} (MySQL 8.0.22+, MariaDB
 * 10.5.1+; {@code SHOW SLAVE STATUS} on older servers), positions from MariaDB's GTIDs.
 * <ul>
 * <li><b>Lag</b>: {@code Seconds_Behind_Master} ({@code Seconds_Behind_Source} on MySQL), whole
 * seconds. A replica whose SQL (applier) thread does not run is DOWN: its data ages unseen. One
 * whose IO (receiver) thread does not run is DOWN while the primary answers, and stays up while
 * the primary is down ({@link Replay#notReceiving()}). A server with no replication status is not a
 * replica, and DOWN, unless it is the very server that answers as the primary (same
 * {@code @@server_uuid}, MariaDB {@code @@server_id}): the replica's URL reaches the promoted
 * primary, which has every change (lag 0).</li>
 * <li><b>Positions</b> (MariaDB): the sequence number of the primary's one GTID domain,
 * {@code @@gtid_binlog_pos} on the primary, {@code @@gtid_slave_pos} on a replica. Within a domain
 * sequence numbers grow with every transaction ({@code gtid_strict_mode} enforces it), so they
 * compare as the interface needs. With several domains a replica may be ahead in one and behind in
 * another, which no single number expresses: positions are then {@link #UNKNOWN_POSITION}, lag
 * still comes from the seconds, and reads that follow a write keep to the primary for the
 * read-your-writes window.</li>
 * <li><b>Positions</b> (MySQL, with {@code gtid_mode=ON}): the transaction numbers of the primary's
 * one GTID source in {@code @@GLOBAL.gtid_executed}: the highest on the primary, the gap-free
 * prefix on a replica ({@link MySqlGtidSet}). With GTIDs off, or several sources on the primary
 * (after a failover, or tagged GTIDs), positions are {@link #UNKNOWN_POSITION}, as with several
 * MariaDB domains.</li>
 * <li><b>Causal waits</b>: one statement the replica answers as soon as it has the position
 * ({@link #awaitReplay}), instead of polling.</li>
 * </ul>
 * Reading the replication status needs a privilege the application user may lack (MariaDB
 * {@code SLAVE MONITOR}, also named {@code REPLICA MONITOR}; MySQL {@code REPLICATION CLIENT}).
 * Without it the probe says so once, as a warning, and judges replicas by their GTID position
 * alone: a replica that has replayed the primary's position has lag 0, one that is behind has at
 * most the lag the monitor bounds from the primary's recent positions (so a replica whose
 * replication stopped turns LAGGING once that bound passes {@code tether.replica.max-lag}), and
 * causal reads stay exact. Marking every replica DOWN instead would silently send all reads to the
 * primary.
 */
final class MySqlReplicationProbe implements ReplicationProbe {

	private static final Log logger = LogFactory.getLog(MySqlReplicationProbe.class);

	/** Whether MySQL Connector/J is on the class path (an optional dependency). */
	private static final boolean CONNECTOR_J = ClassUtils.isPresent("com.mysql.cj.jdbc.JdbcConnection",
			MySqlReplicationProbe.class.getClassLoader());

	/** ER_PARSE_ERROR: the server predates SHOW REPLICA STATUS. */
	private static final int PARSE_ERROR = 1064;

	/** ER_SPECIFIC_ACCESS_DENIED_ERROR: "you need (at least one of) the ... privilege(s)". */
	private static final int ACCESS_DENIED = 1227;

	/** No GTID domain known yet. */
	private static final long NO_DOMAIN = -1;

	private final boolean mariaDb;

	/** Whether the replicas predate SHOW REPLICA STATUS; learned at the first refusal. */
	private volatile boolean legacyStatus;

	/** The primary's one GTID domain, whose sequence numbers are the positions. */
	private volatile long domain = NO_DOMAIN;

	/**
	 * MariaDB: the server id in the primary's GTID, for a well-formed GTID to wait for
	 * (MASTER_GTID_WAIT compares sequence numbers only).
	 */
	private volatile String serverId = "0";

	/** MySQL: the primary's one GTID source (server UUID), whose transaction numbers are the positions. */
	private volatile String source;

	private final AtomicBoolean statusDenied = new AtomicBoolean();

	/**
	 * Who answered the primary's last probe ({@code @@server_uuid} on MySQL, {@code @@server_id}
	 * on MariaDB), {@code null} before the first: a configured replica without replication status
	 * that is this same server reaches the primary (its URL follows a VIP or DNS name that moved to
	 * the promoted node) and has every change; any other server without it is not a replica.
	 */
	private volatile String primaryIdentity;

	/**
	 * Reads the GTID of a session's own commit from the commit's answer; {@code null} without MySQL
	 * Connector/J (checked first, so that its classes are never loaded without it) and on MariaDB.
	 */
	private final MySqlOwnGtid ownGtid;

	MySqlReplicationProbe(boolean mariaDb) {
		this.mariaDb = mariaDb;
		this.ownGtid = (!mariaDb && CONNECTOR_J) ? new MySqlOwnGtid() : null;
	}

	/**
	 * Whether a server is MariaDB: MariaDB Connector/J names it in the product name, MySQL
	 * Connector/J only in the version ({@code 5.5.5-10.11.6-MariaDB}).
	 */
	static boolean isMariaDb(DatabaseMetaData metaData) throws SQLException {
		String product = metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
		return product.toLowerCase(Locale.ROOT).contains("mariadb");
	}

	@Override
	public long primaryPosition(Connection primary) throws SQLException {
		if (!this.mariaDb) {
			return mysqlPrimaryPosition(primary);
		}
		String binlogPos = variable(primary, "gtid_binlog_pos");
		Map<Long, Long> gtids = parse(binlogPos);
		if (gtids.isEmpty()) {
			// nothing written yet: every replica has it all
			return 0;
		}
		if (gtids.size() > 1) {
			return UNKNOWN_POSITION;
		}
		Map.Entry<Long, Long> only = gtids.entrySet().iterator().next();
		this.serverId = binlogPos.trim().split("-")[1];
		this.domain = only.getKey();
		return only.getValue();
	}

	/**
	 * MySQL through Connector/J: the GTID the commit's answer named, when it is one of the primary's
	 * one source ({@link MySqlOwnGtid}); unknown before the first probe named the source, and on
	 * MariaDB, whose driver does not hand the session's GTID to the application.
	 */
	@Override
	public long committedPosition(Connection primary) throws SQLException {
		MySqlOwnGtid own = this.ownGtid;
		String source = this.source;
		return (own != null && source != null) ? own.committed(primary, source) : UNKNOWN_POSITION;
	}

	/**
	 * Asks first whether the configured primary is read-only ({@code @@read_only}, and MySQL's
	 * {@code @@super_read_only}): a demoted primary, a role change. One more round trip, on the
	 * probe's path only.
	 */
	@Override
	public PrimaryAnswer probePrimary(Connection primary) throws SQLException {
		String query = "SELECT @@GLOBAL.read_only, " + (this.mariaDb ? "0" : "@@GLOBAL.super_read_only") + ", "
				+ identityColumn();
		try (Statement statement = primary.createStatement(); ResultSet result = statement.executeQuery(query)) {
			result.next();
			this.primaryIdentity = result.getString(3);
			if (result.getInt(1) != 0 || result.getInt(2) != 0) {
				return new PrimaryAnswer(UNKNOWN_POSITION, NO_TIMELINE,
						(result.getInt(2) != 0) ? "@@super_read_only = 1" : "@@read_only = 1");
			}
		}
		return new PrimaryAnswer(primaryPosition(primary), NO_TIMELINE, null);
	}

	@Override
	public long replayPosition(Connection replica) throws SQLException {
		if (!this.mariaDb) {
			return mysqlReplayPosition(MySqlGtidSet.parse(variable(replica, "gtid_executed")), this.source);
		}
		return position(parse(variable(replica, "gtid_slave_pos")), this.domain);
	}

	private long mysqlPrimaryPosition(Connection primary) throws SQLException {
		String mode;
		String gtids;
		try (Statement statement = primary.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@GLOBAL.gtid_mode, @@GLOBAL.gtid_executed")) {
			result.next();
			mode = result.getString(1);
			gtids = result.getString(2);
		}
		if (!"ON".equalsIgnoreCase(mode)) {
			this.source = null;
			return UNKNOWN_POSITION; // no GTIDs: nothing to compare
		}
		MySqlGtidSet executed = MySqlGtidSet.parse(gtids);
		if (executed.sources().isEmpty()) {
			return 0;
		}
		if (executed.sources().size() > 1) {
			return UNKNOWN_POSITION;
		}
		this.source = executed.sources().iterator().next();
		return executed.highest(this.source);
	}

	/**
	 * A MySQL replica's position: the gap-free prefix of the primary's source; with the source not
	 * known yet, of its only one.
	 */
	static long mysqlReplayPosition(MySqlGtidSet executed, String source) {
		if (source != null) {
			return executed.gapFreeUpTo(source);
		}
		if (executed.sources().size() > 1) {
			return UNKNOWN_POSITION;
		}
		return executed.sources().isEmpty() ? 0 : executed.gapFreeUpTo(executed.sources().iterator().next());
	}

	/**
	 * Waits with the server's own function, one statement that returns the moment the replica has
	 * the position or the timeout passes: on MySQL {@code WAIT_FOR_EXECUTED_GTID_SET} for the
	 * source's transactions {@code 1-position} (what {@link MySqlGtidSet#gapFreeUpTo} compares; 0
	 * reached, 1 timed out), on MariaDB {@code MASTER_GTID_WAIT} for the domain's sequence number
	 * (which compares sequence numbers only, as {@link #position} does; 0 reached, -1 timed out).
	 * Polls instead while the primary's source or domain is not known yet, and for a zero timeout,
	 * which both functions read as "wait forever".
	 */
	@Override
	public boolean awaitReplay(Connection replica, long position, Duration timeout) throws SQLException {
		String gtids = waitableGtids(position);
		if (gtids == null || timeout.isZero() || timeout.isNegative()) {
			return ReplicationProbe.super.awaitReplay(replica, position, timeout);
		}
		String wait = this.mariaDb ? "SELECT MASTER_GTID_WAIT(?, ?)" : "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)";
		try (PreparedStatement statement = replica.prepareStatement(wait)) {
			statement.setString(1, gtids);
			// seconds, to the microsecond: both servers take a fractional timeout
			statement.setBigDecimal(2, BigDecimal.valueOf(Math.max(1, timeout.toNanos() / 1000), 6));
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getLong(1) == 0 && !result.wasNull();
			}
		}
	}

	/** The GTIDs that stand for a position, in the server's wait syntax; {@code null} when unknown. */
	private String waitableGtids(long position) {
		if (position <= 0) {
			return null; // nothing written yet, or not a position: a single look answers
		}
		if (this.mariaDb) {
			long domain = this.domain;
			return (domain != NO_DOMAIN) ? Long.toUnsignedString(domain) + "-" + this.serverId + "-" + position : null;
		}
		String source = this.source;
		return (source != null) ? source + ":1-" + position : null;
	}

	@Override
	public Replay replay(Connection replica) throws SQLException {
		long position = replayPosition(replica);
		try (Statement statement = replica.createStatement(); ResultSet status = status(statement)) {
			if (this.statusDenied.compareAndSet(true, false)) {
				logger.info("Replication status is readable again: replica lag is measured in seconds");
			}
			return replay(status, position, replica);
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() != ACCESS_DENIED) {
				throw ex;
			}
			if (this.statusDenied.compareAndSet(false, true)) {
				logger.warn("Replica lag cannot be measured: the database user may not read the replication status ("
						+ ex.getMessage() + "). Grant it " + (this.mariaDb ? "SLAVE MONITOR (MariaDB 10.5+, also named"
								+ " REPLICA MONITOR)" : "REPLICATION CLIENT")
						+ ". Until then replicas are judged by GTID position only: lag 0 when caught up, else at most"
						+ " the time since the primary was where the replica is");
			}
			return new Replay(position, null);
		}
	}

	/** Reads a replica's status rows: one per channel on MySQL, the default connection's on MariaDB. */
	private Replay replay(ResultSet status, long position, Connection replica) throws SQLException {
		if (!status.next()) {
			String primary = this.primaryIdentity;
			if (primary != null && primary.equals(identity(replica))) {
				return new Replay(position, Duration.ZERO, null, NO_TIMELINE,
						"the same server as the primary (" + identityColumn() + " = " + primary + ")");
			}
			throw new SQLException("Not a replica: " + statusCommand() + " returns no row");
		}
		long lagSeconds = 0;
		boolean lagKnown = true;
		String notReceiving = null;
		do {
			String applying = string(status, "Slave_SQL_Running", "Replica_SQL_Running");
			if (!"Yes".equalsIgnoreCase(applying)) {
				// error numbers only: the error texts may quote row data
				throw new SQLException("Replication does not apply changes on this replica (SQL thread running: "
						+ applying + ", last SQL error " + string(status, "Last_SQL_Errno") + ")");
			}
			String receiving = string(status, "Slave_IO_Running", "Replica_IO_Running");
			if (!"Yes".equalsIgnoreCase(receiving)) {
				notReceiving = "Replication does not receive the primary's changes (IO thread running: " + receiving
						+ ", last IO error " + string(status, "Last_IO_Errno") + ")";
			}
			long seconds = status.getLong(column(status, "Seconds_Behind_Master", "Seconds_Behind_Source"));
			if (status.wasNull()) {
				lagKnown = false;
			}
			lagSeconds = Math.max(lagSeconds, seconds);
		}
		while (status.next());
		return new Replay(position, lagKnown ? Duration.ofSeconds(lagSeconds) : null, notReceiving);
	}

	private String identityColumn() {
		return this.mariaDb ? "@@server_id" : "@@server_uuid";
	}

	private String identity(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT " + identityColumn())) {
			return result.next() ? result.getString(1) : null;
		}
	}

	private ResultSet status(Statement statement) throws SQLException {
		if (!this.legacyStatus) {
			try {
				return statement.executeQuery("SHOW REPLICA STATUS");
			}
			catch (SQLException ex) {
				if (ex.getErrorCode() != PARSE_ERROR) {
					throw ex;
				}
				this.legacyStatus = true;
			}
		}
		return statement.executeQuery("SHOW SLAVE STATUS");
	}

	private String statusCommand() {
		return this.legacyStatus ? "SHOW SLAVE STATUS" : "SHOW REPLICA STATUS";
	}

	/**
	 * The position of a replica's GTID list: the sequence number of the primary's domain (0 when
	 * it has none of it yet); with the domain not known yet, that of its only domain.
	 */
	static long position(Map<Long, Long> gtids, long domain) {
		if (domain != NO_DOMAIN) {
			return gtids.getOrDefault(domain, 0L);
		}
		if (gtids.size() > 1) {
			return UNKNOWN_POSITION;
		}
		return gtids.isEmpty() ? 0 : gtids.values().iterator().next();
	}

	/**
	 * Parses a MariaDB GTID list, {@code domain-server-sequence[,domain-server-sequence...]}, into
	 * the sequence number of each domain (a list holds at most one GTID per domain).
	 */
	static Map<Long, Long> parse(String gtidList) throws SQLException {
		Map<Long, Long> sequences = new LinkedHashMap<>();
		if (gtidList == null || gtidList.isBlank()) {
			return sequences;
		}
		for (String gtid : gtidList.split(",")) {
			String[] parts = gtid.trim().split("-");
			if (parts.length != 3) {
				throw new SQLException("Not a MariaDB GTID: '" + gtid.trim() + "'");
			}
			try {
				sequences.merge(Long.parseUnsignedLong(parts[0]), Long.parseUnsignedLong(parts[2]), Math::max);
			}
			catch (NumberFormatException ex) {
				throw new SQLException("Not a MariaDB GTID: '" + gtid.trim() + "'", ex);
			}
		}
		return sequences;
	}

	private static String variable(Connection connection, String name) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@GLOBAL." + name)) {
			result.next();
			return result.getString(1);
		}
	}

	private static String string(ResultSet status, String... names) throws SQLException {
		return status.getString(column(status, names));
	}

	/** The column of the first of the names the server uses (MariaDB and MySQL before 8.0.22 say "Slave"/"Master"). */
	private static int column(ResultSet status, String... names) throws SQLException {
		ResultSetMetaData metaData = status.getMetaData();
		for (String name : names) {
			for (int i = 1; i <= metaData.getColumnCount(); i++) {
				if (name.equalsIgnoreCase(metaData.getColumnLabel(i))) {
					return i;
				}
			}
		}
		throw new SQLException("The replication status has no column " + String.join(" or ", names));
	}

}
