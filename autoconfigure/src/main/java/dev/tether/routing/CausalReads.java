package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import dev.tether.replica.ReplicaHealth;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.replica.ReplicationPosition;
import dev.tether.replica.ReplicationProbe;

/**
 * Read-your-writes of one router, in one place: which session a read belongs to, what it must see
 * after the session's own writes (a replication position, asked of the primary once after new
 * writes), whether it keeps to the primary instead (in {@code WINDOW} mode, or where positions do
 * not compare), and the short wait for a replica to replay a position. Writes are recorded here
 * too. One per router; thread-safe (its state is the sessions', which are).
 */
final class CausalReads {

	private final ReadPolicy.ReadYourWrites mode;

	private final long windowNanos;

	/** How often a PostgreSQL replica is asked, during a causal wait, whether it has caught up. */
	private static final long POLL_NANOS = 2_000_000;

	private final Duration waitDuration;

	private final ReplicaMonitor monitor;

	private final DataSource primary;

	/**
	 * The highest primary position this router has seen (its sessions' writes, the checks of
	 * carried-in tokens): a token beyond it is checked against the primary once.
	 */
	private final AtomicLong knownPrimary = new AtomicLong(-1);

	private final LongAdder aheadOfPrimary = new LongAdder();

	/** Whether a commit's own position is read from its answer where the driver has it ({@code tether.routing.causal-own-gtid}). */
	private final boolean ownPositions;

	private final LongAdder ownPositionsRead = new LongAdder();

	CausalReads(ReadPolicy policy, ReplicaMonitor monitor, DataSource primary, boolean ownPositions) {
		this.mode = policy.readYourWrites();
		this.ownPositions = ownPositions && this.mode == ReadPolicy.ReadYourWrites.CAUSAL;
		this.windowNanos = policy.window().toNanos();
		this.waitDuration = policy.causalWait();
		this.monitor = monitor;
		this.primary = primary;
	}

	/** Whether reads follow the sessions' writes at all ({@code tether.routing.read-your-writes} is not {@code none}). */
	boolean tracksWrites() {
		return this.mode != ReadPolicy.ReadYourWrites.NONE;
	}

	/** The session of a read: the scope's own, else the thread's. */
	CausalSession session(RoutingContext context) {
		CausalSession session = context.getSession();
		return (session != null) ? session : RoutingContextHolder.session();
	}

	/** Records a write of the current thread's session: later reads of it must see it. */
	void recordWrite() {
		RoutingContextHolder.session().recordWrite(this);
	}

	/**
	 * Records the committed write of a read-write transaction on the primary. Where the commit's
	 * answer named the transaction's own position (MySQL Connector/J with
	 * {@code session_track_gtids=OWN_GTID}, see {@link ReplicationProbe#committedPosition}), the
	 * session's reads must see exactly that, and the next one asks the primary nothing; otherwise,
	 * as before, the next read asks the primary for its position once. Runs on the committing
	 * thread after a transaction that wrote, never on the read path.
	 * @param primary the primary connection that committed, {@code null} when not known
	 */
	void recordCommit(Connection primary) {
		CausalSession session = RoutingContextHolder.session();
		if (this.ownPositions && primary != null && this.monitor.positionsKnown()) {
			ReplicationProbe probe = this.monitor.probe();
			if (probe != null) {
				long position = ownPosition(probe, primary);
				if (position >= 0) {
					this.knownPrimary.accumulateAndGet(position, Math::max);
					session.recordResolvedWrite(this, position, this.monitor.primaryTimeline());
					this.ownPositionsRead.increment();
					return;
				}
			}
		}
		session.recordWrite(this);
	}

	private static long ownPosition(ReplicationProbe probe, Connection primary) {
		try {
			return probe.committedPosition(primary);
		}
		catch (SQLException | RuntimeException ex) {
			// the driver cannot say: the next read asks the primary, as without the feature
			return ReplicationProbe.UNKNOWN_POSITION;
		}
	}

	/** How many committed writes brought their own position, so that no read had to ask the primary for it. */
	long ownPositionsRead() {
		return this.ownPositionsRead.sum();
	}

	/**
	 * What a read of the session must see on a replica: {@link ReplicationPosition#NONE} in
	 * {@code WINDOW} mode, else {@link #position}.
	 * @param heldPrimary a primary connection the caller holds outside a transaction, or {@code null}
	 */
	ReplicationPosition required(CausalSession session, Connection heldPrimary) {
		return (this.mode == ReadPolicy.ReadYourWrites.CAUSAL) ? position(session, heldPrimary)
				: ReplicationPosition.NONE;
	}

	/**
	 * Whether a read keeps to the primary for read-your-writes: the session wrote within the
	 * window, and positions are not how this router follows writes (window mode, or a database whose
	 * positions do not compare).
	 */
	boolean keepsToPrimary(CausalSession session, ReplicationPosition required) {
		return (this.mode == ReadPolicy.ReadYourWrites.WINDOW || required == ReplicationPosition.UNKNOWN)
				&& session.wroteWithin(this.windowNanos);
	}

	/**
	 * The position a session's reads must see: after new writes, the primary's current position,
	 * asked once (on the given connection if the caller holds one, else a pooled one).
	 * @return the position, {@link ReplicationPosition#NONE} when the session wrote nothing (or the
	 * primary cannot say), {@link ReplicationPosition#UNKNOWN} when this database's positions do not
	 * compare
	 */
	ReplicationPosition position(CausalSession session, Connection heldPrimary) {
		if (!this.monitor.positionsKnown()) {
			return ReplicationPosition.UNKNOWN;
		}
		if (!session.hasUnresolvedWrites(this)) {
			if (session.carriesBeyond(this.knownPrimary.get())) {
				checkCarried(session, heldPrimary);
			}
			return session.position(this);
		}
		ReplicationProbe probe = this.monitor.probe();
		if (probe == null) {
			return ReplicationPosition.NONE;
		}
		long writes = session.writeCount();
		// read before asking: a promotion in between tags the position with the older timeline,
		// which only makes its reads more careful (see onCurrentTimeline)
		int timeline = this.monitor.primaryTimeline();
		try {
			long position = primaryPosition(probe, heldPrimary);
			if (position == ReplicationProbe.UNKNOWN_POSITION) {
				// left unresolved: the monitor's next round makes later reads skip this question
				return ReplicationPosition.UNKNOWN;
			}
			session.resolve(this, position, timeline, writes);
			if (session.carriesBeyond(position)) {
				discard(session);
			}
		}
		catch (SQLException | RuntimeException ex) {
			// the primary cannot say: the last known position is the best that can be honoured
		}
		return session.position(this);
	}

	/**
	 * A position carried in by a token (any caller can send one) beyond what the primary is known
	 * to have reached is checked against the primary once: still ahead, it was made up (or belongs
	 * to another database) and is dropped, so it can neither keep reads on the primary nor make
	 * them wait. A genuine token from a write elsewhere costs the same one round trip that a
	 * session's own write costs.
	 */
	private void checkCarried(CausalSession session, Connection heldPrimary) {
		ReplicationProbe probe = this.monitor.probe();
		if (probe == null) {
			return;
		}
		try {
			long position = primaryPosition(probe, heldPrimary);
			if (position != ReplicationProbe.UNKNOWN_POSITION && session.carriesBeyond(position)) {
				discard(session);
			}
		}
		catch (SQLException | RuntimeException ex) {
			// the primary cannot say: keep the token, whose worst case is a read on the primary
		}
	}

	private void discard(CausalSession session) {
		session.discardCarried();
		this.aheadOfPrimary.increment();
	}

	private long primaryPosition(ReplicationProbe probe, Connection heldPrimary) throws SQLException {
		long position;
		if (heldPrimary != null) {
			position = probe.primaryPosition(heldPrimary);
		}
		else {
			try (Connection connection = this.primary.getConnection()) {
				position = probe.primaryPosition(connection);
			}
		}
		if (position >= 0) {
			this.knownPrimary.accumulateAndGet(position, Math::max);
		}
		return position;
	}

	/**
	 * The position a read must see on the primary's current timeline: the required one, or, when
	 * it was taken on an older timeline (before a promotion), the primary's first position on the
	 * current one ({@link ReplicaMonitor#timelineStart()}): an LSN of the old history names other
	 * data on the new one, but everything of it that survived the promotion is below that start.
	 * Allocation-free: both are existing objects.
	 */
	ReplicationPosition onCurrentTimeline(ReplicationPosition required) {
		return required.isOfOlderTimeline(this.monitor.primaryTimeline()) ? this.monitor.timelineStart() : required;
	}

	/** How many carried-in positions were dropped because the primary had not reached them. */
	long aheadOfPrimary() {
		return this.aheadOfPrimary.sum();
	}

	/**
	 * Waits until a replica has replayed a position, up to the causal wait. Runs on the fresh
	 * connection before the transaction's settings apply, so the check never opens the
	 * transaction's snapshot. The probe waits as its database best can: MySQL and MariaDB with one
	 * statement the server answers the moment the replica has the position (WAIT_FOR_EXECUTED_GTID_SET,
	 * MASTER_GTID_WAIT), others by asking for the replica's position every 2 ms.
	 * @return whether it replayed the position within the causal wait
	 */
	boolean awaitReplay(Connection replica, ReplicaHealth health, ReplicationPosition required) {
		if (!health.positionsComparable()) {
			// on another timeline than the primary, or an unknown one after a promotion: no wait helps
			return false;
		}
		ReplicationProbe probe = this.monitor.probe();
		try {
			if (!probe.hasTimelines()) {
				// the probe's own wait: the server's where it has one (MySQL, MariaDB), else polling
				if (probe.awaitReplay(replica, required.value(), this.waitDuration)) {
					// a lower bound of what it replayed: later reads of the session need not ask again
					health.observeReplayPosition(required.value());
					return true;
				}
				return false;
			}
			// with timelines (PostgreSQL) each answer must also be on the primary's timeline
			long deadline = System.nanoTime() + this.waitDuration.toNanos();
			while (true) {
				long replayed = this.monitor.comparableReplayPosition(probe, replica);
				if (replayed < 0) {
					return false;
				}
				health.observeReplayPosition(replayed);
				if (required.isReplayedBy(replayed)) {
					return true;
				}
				if (System.nanoTime() >= deadline) {
					return false;
				}
				LockSupport.parkNanos(POLL_NANOS);
			}
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

}
