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
 */
final class PostgresReplicationProbe implements ReplicationProbe {

	/** Seconds a probe's statement may run: the driver cancels it then. */
	private final int queryTimeoutSeconds;

	PostgresReplicationProbe(int queryTimeoutSeconds) {
		this.queryTimeoutSeconds = queryTimeoutSeconds;
	}

	private static final String PRIMARY = "select (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint";

	private static final String REPLAY = "select (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint,"
			+ " extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp())";

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
			return new Replay(position, age);
		}
	}

}
