package dev.tether.replica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * PostgreSQL: positions are WAL LSNs in bytes. The primary's is the WAL insert position, which is
 * past the commit record of every committed transaction even with {@code synchronous_commit=off};
 * a replica's is {@code pg_last_wal_replay_lsn()}.
 * <p>
 * Positions belong to a timeline: a promoted standby forks the WAL on a new one, so an LSN alone
 * names different data on either side of a failover. The primary's timeline is the first eight hex
 * digits of its current WAL file name; a standby's is the timeline it receives
 * ({@code pg_stat_wal_receiver.received_tli}, visible to superusers and members of
 * {@code pg_read_all_stats}), else that of its last restartpoint ({@code pg_control_checkpoint()},
 * readable by any user): that one lags behind a timeline switch until the standby's next
 * restartpoint, which only keeps causal reads off it for that long. A node configured as the primary that is in recovery
 * answers as a standby (a role change), and a node configured as a replica that is not in recovery
 * answers as a primary (its URL reaches the promoted primary): it has everything, at its own position.
 */
final class PostgresReplicationProbe implements ReplicationProbe {

	/** Seconds a probe's statement may run: the driver cancels it then. */
	private final int queryTimeoutSeconds;

	PostgresReplicationProbe(int queryTimeoutSeconds) {
		this.queryTimeoutSeconds = queryTimeoutSeconds;
	}

	private static final String PRIMARY = "select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint";

	/** The current timeline of a primary, from its WAL file name (an error during recovery, hence the cases). */
	private static final String TIMELINE = "('x' || substr(pg_walfile_name(pg_current_wal_insert_lsn()), 1, 8))::bit(32)::int";

	/** CASE evaluates lazily: functions that fail during recovery run only on a primary. */
	private static final String PRIMARY_PROBE = "select pg_is_in_recovery(),"
			+ " case when pg_is_in_recovery() then null else (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint end,"
			+ " case when pg_is_in_recovery() then null else " + TIMELINE + " end";

	private static final String REPLAY = "select case when pg_is_in_recovery()"
			+ " then (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint"
			+ " else (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint end,"
			+ " extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()), pg_is_in_recovery(),"
			+ " case when pg_is_in_recovery() then coalesce((select received_tli from pg_stat_wal_receiver),"
			+ " (select timeline_id from pg_control_checkpoint())) else " + TIMELINE + " end";

	@Override
	public long primaryPosition(Connection primary) throws SQLException {
		try (PreparedStatement statement = primary.prepareStatement(PRIMARY)) {
			statement.setQueryTimeout(this.queryTimeoutSeconds);
			ResultSet result = statement.executeQuery();
			result.next();
			return result.getLong(1);
		}
	}

	@Override
	public PrimaryAnswer probePrimary(Connection primary) throws SQLException {
		try (PreparedStatement statement = primary.prepareStatement(PRIMARY_PROBE)) {
			statement.setQueryTimeout(this.queryTimeoutSeconds);
			ResultSet result = statement.executeQuery();
			result.next();
			if (result.getBoolean(1)) {
				return new PrimaryAnswer(UNKNOWN_POSITION, NO_TIMELINE, "pg_is_in_recovery() = true");
			}
			return new PrimaryAnswer(result.getLong(2), result.getInt(3), null);
		}
	}

	@Override
	public boolean hasTimelines() {
		return true;
	}

	@Override
	public Replay replay(Connection replica) throws SQLException {
		try (PreparedStatement statement = replica.prepareStatement(REPLAY)) {
			statement.setQueryTimeout(this.queryTimeoutSeconds);
			ResultSet result = statement.executeQuery();
			result.next();
			long position = result.getLong(1);
			if (result.wasNull()) {
				throw new SQLException("Not a streaming replica: pg_last_wal_replay_lsn() is null");
			}
			double seconds = result.getDouble(2);
			Duration age = result.wasNull() ? null : Duration.ofNanos((long) (Math.max(0, seconds) * 1_000_000_000L));
			boolean inRecovery = result.getBoolean(3);
			int timeline = result.getInt(4);
			if (result.wasNull()) {
				timeline = NO_TIMELINE;
			}
			if (!inRecovery) {
				// the replica's URL reaches a primary: it has every change, at its own position
				return new Replay(position, Duration.ZERO, null, timeline, "pg_is_in_recovery() = false");
			}
			return new Replay(position, age, null, timeline, null);
		}
	}

}
