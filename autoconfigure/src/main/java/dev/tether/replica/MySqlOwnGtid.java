package dev.tether.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.protocol.ServerSessionStateController;
import com.mysql.cj.protocol.ServerSessionStateController.ServerSessionStateChanges;
import com.mysql.cj.protocol.ServerSessionStateController.SessionStateChange;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The GTID of a transaction a MySQL Connector/J connection has just committed, from the answer to
 * its {@code COMMIT}: with the connection property {@code trackSessionState=true} the driver keeps
 * the session state the server reported in its last OK packet, and with
 * {@code session_track_gtids=OWN_GTID} the server reports there the GTIDs the session committed. A
 * read that follows the write then knows the position to wait for without asking the primary.
 * <p>
 * {@code trackSessionState} is negotiated at the handshake, so it can only be a connection property
 * (the post-processor adds it to a HikariCP primary on a {@code jdbc:mysql:} URL).
 * {@code session_track_gtids} is set here, with one {@code SET SESSION} on a connection whose commit
 * brought no GTID, once per physical connection: not through Connector/J's {@code sessionVariables},
 * because Connector/J also reaches MariaDB servers on {@code jdbc:mysql:} URLs, which do not know
 * the variable and would refuse every connection, and because the application's own
 * {@code sessionVariables} would have to be rewritten. The probe calls this only once it knows the
 * primary is MySQL with GTIDs, and the {@code SET} only runs after a commit ({@code session_track_gtids}
 * cannot change inside a transaction). Loaded only when Connector/J is on the class path.
 * Thread-safe.
 */
final class MySqlOwnGtid {

	private static final Log logger = LogFactory.getLog(MySqlOwnGtid.class);

	/** The length of a server UUID, the source of an untagged GTID. */
	private static final int UUID_LENGTH = 36;

	/**
	 * The physical connections (Connector/J's own objects, compared by identity) whose session was
	 * settled: tracking set, or found impossible or the application's own choice. Weak keys: a
	 * connection the pool closed leaves on its own (not Spring's {@code ConcurrentReferenceHashMap},
	 * which holds its entries weakly, so every garbage collection dropped them and the next commit
	 * without a GTID set the session again).
	 */
	private final Map<JdbcConnection, Boolean> settled = Collections.synchronizedMap(new WeakHashMap<>());

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * The position of the transaction the connection just committed, as a transaction number of the
	 * given source.
	 * @param primary the primary connection, right after its {@code COMMIT}
	 * @param source the primary's one GTID source (server UUID, lower case)
	 * @return the number, or {@link ReplicationProbe#UNKNOWN_POSITION} when the answer held none of
	 * that source alone
	 */
	long committed(Connection primary, String source) throws SQLException {
		if (!primary.isWrapperFor(JdbcConnection.class)) {
			return ReplicationProbe.UNKNOWN_POSITION; // another driver
		}
		JdbcConnection mysql = primary.unwrap(JdbcConnection.class);
		long position = position(gtids(mysql.getServerSessionStateController()), source);
		if (position == ReplicationProbe.UNKNOWN_POSITION && !this.settled.containsKey(mysql)) {
			track(primary, mysql);
		}
		return position;
	}

	/** The GTIDs the last answer reported; {@code null} when none. Allocation-free: indexed, no iterator. */
	private static String gtids(ServerSessionStateController controller) {
		ServerSessionStateChanges changes = controller.getSessionStateChanges();
		if (changes == null) {
			return null;
		}
		List<SessionStateChange> list = changes.getSessionStateChangesList();
		for (int i = 0; i < list.size(); i++) {
			SessionStateChange change = list.get(i);
			if (change.getType() == ServerSessionStateController.SESSION_TRACK_GTIDS && !change.getValues().isEmpty()) {
				return change.getValues().get(0);
			}
		}
		return null;
	}

	/**
	 * Turns GTID tracking on for this session, unless the driver does not track the session state
	 * (the URL lacks {@code trackSessionState=true}: nothing would arrive) or the application set
	 * {@code session_track_gtids} itself. Settled once either way, also when the server refuses.
	 */
	private void track(Connection primary, JdbcConnection mysql) {
		this.settled.put(mysql, Boolean.TRUE);
		if (!mysql.getSession().getServerSession().isSessionStateTrackingEnabled()) {
			return;
		}
		String variables = mysql.getPropertySet().getStringProperty(PropertyKey.sessionVariables).getValue();
		if (variables != null && variables.toLowerCase(Locale.ROOT).contains("session_track_gtids")) {
			return; // the application's own setting, kept
		}
		try (Statement statement = primary.createStatement()) {
			statement.execute("SET SESSION session_track_gtids = OWN_GTID");
		}
		catch (SQLException ex) {
			if (this.warned.compareAndSet(false, true)) {
				logger.warn("Could not set session_track_gtids = OWN_GTID on a primary connection (error "
						+ ex.getErrorCode() + "): reads that follow a write ask the primary for its position."
						+ " Set tether.routing.causal-own-gtid=false to stop trying");
			}
		}
	}

	/**
	 * The highest transaction number of one untagged source in a GTID set that holds only that
	 * source ({@code uuid:n}, {@code uuid:a-b}, {@code uuid:a-b:n}): a replica whose gap-free prefix
	 * reaches it has all of them. Anything else (another source, several sources, a tag) is not a
	 * position of the primary's source. Allocation-free on the GTIDs a commit reports.
	 * @return the number, or {@link ReplicationProbe#UNKNOWN_POSITION}
	 */
	static long position(String gtids, String source) {
		if (gtids == null || source == null || source.length() != UUID_LENGTH) {
			return ReplicationProbe.UNKNOWN_POSITION;
		}
		int end = gtids.length();
		while (end > 0 && Character.isWhitespace(gtids.charAt(end - 1))) {
			end--;
		}
		if (end <= UUID_LENGTH + 1 || gtids.charAt(UUID_LENGTH) != ':' || gtids.indexOf(',') >= 0
				|| !gtids.regionMatches(true, 0, source, 0, UUID_LENGTH)) {
			return ReplicationProbe.UNKNOWN_POSITION;
		}
		long highest = ReplicationProbe.UNKNOWN_POSITION;
		int start = UUID_LENGTH + 1;
		while (start < end) {
			int colon = gtids.indexOf(':', start);
			int stop = (colon < 0 || colon > end) ? end : colon;
			int dash = gtids.indexOf('-', start);
			int first = (dash >= 0 && dash < stop) ? dash + 1 : start;
			if (!digits(gtids, start, (first > start) ? first - 1 : stop) || !digits(gtids, first, stop)) {
				return ReplicationProbe.UNKNOWN_POSITION; // a tag, or not a GTID
			}
			highest = Math.max(highest, Long.parseLong(gtids, first, stop, 10));
			start = stop + 1;
		}
		return (highest > 0) ? highest : ReplicationProbe.UNKNOWN_POSITION;
	}

	private static boolean digits(String text, int start, int end) {
		if (end <= start || end - start > 18) {
			return false;
		}
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
