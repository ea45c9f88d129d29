package dev.tether.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How to read replication positions and lag from one kind of database: the plug-in point for
 * other databases. Positions are comparable longs: a replica has applied every change of the
 * primary up to a position when its replay position is at least that position.
 */
public interface ReplicationProbe {

	/**
	 * Returns the primary's current position: every committed change is at or below it.
	 * @param primary a connection to the primary
	 * @return the position
	 * @throws SQLException when the primary cannot answer
	 */
	long primaryPosition(Connection primary) throws SQLException;

	/**
	 * Returns what a replica has replayed.
	 * @param replica a connection to the replica
	 * @return the replayed position and, when the replica knows it, the age of the last replayed
	 * change
	 * @throws SQLException when the replica cannot answer
	 */
	Replay replay(Connection replica) throws SQLException;

	/**
	 * What a replica has replayed.
	 *
	 * @param position the replayed position
	 * @param sinceLastReplayed time since the last replayed change was committed on the primary,
	 * {@code null} when unknown
	 */
	record Replay(long position, Duration sinceLastReplayed) {

	}

}
