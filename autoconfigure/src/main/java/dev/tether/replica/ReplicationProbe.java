package dev.tether.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How to read replication positions and lag from one kind of database: the plug-in point for
 * other databases. Positions are comparable longs: a replica has applied every change of the
 * primary up to a position when its replay position is at least that position.
 * <p>
 * A database whose positions cannot be compared as one long (MariaDB with several GTID domains,
 * MySQL without GTIDs or with several GTID sources) answers {@link #UNKNOWN_POSITION}: lag then comes from the replica's own estimate only,
 * and a read that follows its session's write keeps to the primary for the read-your-writes
 * window instead of waiting for a position.
 */
public interface ReplicationProbe {

	/** A position this probe cannot express as a comparable long. */
	long UNKNOWN_POSITION = -1;

	/**
	 * Returns the primary's current position: every committed change is at or below it.
	 * @param primary a connection to the primary
	 * @return the position, or {@link #UNKNOWN_POSITION}
	 * @throws SQLException when the primary cannot answer
	 */
	long primaryPosition(Connection primary) throws SQLException;

	/**
	 * Returns the position of the transaction that a connection to the primary has just committed,
	 * where the driver received it with the commit's answer (MySQL Connector/J with
	 * {@code session_track_gtids=OWN_GTID}), so that the session's next read need not ask the
	 * primary with {@link #primaryPosition}. Called right after the commit of a transaction that
	 * wrote, on the thread that committed; must not send anything to the server on that path but,
	 * at most once per physical connection, what enables the answer. This default knows none.
	 * @param primary the primary connection that committed
	 * @return the position, or {@link #UNKNOWN_POSITION} when the commit's answer did not name one
	 * @throws SQLException when the connection cannot say
	 */
	default long committedPosition(Connection primary) throws SQLException {
		return UNKNOWN_POSITION;
	}

	/**
	 * Probes the node configured as the primary: whether it answers as a primary at all (a node
	 * that answers as a standby is a role change, see {@link PrimaryRole}), its position and, where
	 * the database has them, its timeline. Called by the monitor's probe, once per round.
	 * @param primary a connection to the configured primary
	 * @return what it answered
	 * @throws SQLException when it cannot answer
	 */
	default PrimaryAnswer probePrimary(Connection primary) throws SQLException {
		return new PrimaryAnswer(primaryPosition(primary), NO_TIMELINE, null);
	}

	/**
	 * Whether this database's positions belong to a timeline (PostgreSQL: the WAL forks at every
	 * promotion), so that positions compare only within one.
	 * @return {@code false} unless overridden
	 */
	default boolean hasTimelines() {
		return false;
	}

	/** A timeline that is not known, or a database without timelines. */
	int NO_TIMELINE = 0;

	/**
	 * What the configured primary answered to its probe.
	 *
	 * @param position its position ({@link #UNKNOWN_POSITION} when it has none to compare, or
	 * answers as a standby)
	 * @param timeline its timeline, {@link #NO_TIMELINE} when unknown or the database has none
	 * @param standby what it answered that shows it is a standby (for example
	 * {@code pg_is_in_recovery() = true}), {@code null} when it answers as a primary
	 */
	record PrimaryAnswer(long position, int timeline, String standby) {

	}

	/**
	 * Returns what a replica has replayed, and how far behind it is.
	 * @param replica a connection to the replica
	 * @return the replayed position and, when the replica knows it, the age of the last replayed
	 * change
	 * @throws SQLException when the replica cannot answer, or is not replicating in a way that
	 * makes its data trustworthy (then it is {@link ReplicaState#DOWN})
	 */
	Replay replay(Connection replica) throws SQLException;

	/**
	 * Returns only the position a replica has replayed, for a causal read that waits for it: a
	 * cheaper question than {@link #replay(Connection)} where the database has one.
	 * @param replica a connection to the replica
	 * @return the replayed position, or {@link #UNKNOWN_POSITION}
	 * @throws SQLException when the replica cannot answer
	 */
	default long replayPosition(Connection replica) throws SQLException {
		return replay(replica).position();
	}

	/**
	 * Waits until a replica has replayed a position, for a causal read that must see it. This
	 * default asks {@link #replayPosition(Connection)} at once and then every 2 ms until the timeout
	 * passes; a probe whose database can wait by itself (MySQL's {@code WAIT_FOR_EXECUTED_GTID_SET},
	 * MariaDB's {@code MASTER_GTID_WAIT}) overrides it with one statement that the server answers the
	 * moment the replica has the position.
	 * @param replica a connection to the replica, outside any transaction
	 * @param position the position to wait for, at least 0
	 * @param timeout the longest wait; zero asks once
	 * @return whether the replica has replayed the position
	 * @throws SQLException when the replica cannot answer
	 */
	default boolean awaitReplay(Connection replica, long position, Duration timeout) throws SQLException {
		return ReplayPolling.await(this, replica, position, timeout);
	}

	/**
	 * What a replica has replayed.
	 *
	 * @param position the replayed position, or {@link #UNKNOWN_POSITION}
	 * @param sinceLastReplayed time since the last replayed change was committed on the primary,
	 * {@code null} when unknown
	 * @param notReceiving why the replica does not receive the primary's changes (its replication
	 * connection is down), {@code null} when it does or cannot tell. Such a replica is
	 * {@link ReplicaState#DOWN} while the primary answers, since it falls further behind unseen;
	 * while the primary is down every replica is in this state and none is behind, so it stays up.
	 * @param timeline the timeline of what it received, {@link #NO_TIMELINE} when unknown (or the
	 * database has none)
	 * @param primary what shows that the node answers as a primary (its URL now reaches the
	 * promoted primary), {@code null} for a replica: it has everything, lag 0
	 */
	record Replay(long position, Duration sinceLastReplayed, String notReceiving, int timeline, String primary) {

		/**
		 * What a replica has replayed, without a timeline, answering as a replica.
		 * @param position the replayed position, or {@link #UNKNOWN_POSITION}
		 * @param sinceLastReplayed time since the last replayed change was committed on the
		 * primary, {@code null} when unknown
		 * @param notReceiving why the replica does not receive the primary's changes, or {@code null}
		 */
		public Replay(long position, Duration sinceLastReplayed, String notReceiving) {
			this(position, sinceLastReplayed, notReceiving, NO_TIMELINE, null);
		}

		/**
		 * A replica that receives the primary's changes.
		 * @param position the replayed position, or {@link #UNKNOWN_POSITION}
		 * @param sinceLastReplayed time since the last replayed change was committed on the
		 * primary, {@code null} when unknown
		 */
		public Replay(long position, Duration sinceLastReplayed) {
			this(position, sinceLastReplayed, null);
		}

	}

}
