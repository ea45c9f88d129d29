package dev.tether.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.tether.routing.TetherDataSource.Builder;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;

/**
 * What the fault tests share: the detection times of Tether's defaults, and their tables on the
 * shared cluster (made by the superuser, used by the application's role).
 */
final class FaultFixtures {

	/** A replica's detection time with the defaults, at most: a probe interval plus its probe timeouts. */
	static final Duration DETECTION = Builder.DEFAULT_PROBE_INTERVAL
		.plus(Builder.DEFAULT_PROBE_TIMEOUT.multipliedBy(Builder.DEFAULT_DOWN_AFTER_MISSED_PROBES));

	/** The primary's: a probe interval plus its (one more) probe timeouts. */
	static final Duration PRIMARY_DETECTION = Builder.DEFAULT_PROBE_INTERVAL
		.plus(Builder.DEFAULT_PROBE_TIMEOUT.multipliedBy(Builder.DEFAULT_PRIMARY_DOWN_AFTER_MISSED_PROBES));

	private FaultFixtures() {
	}

	/**
	 * Creates a table with a {@code bigserial} key and the given columns, grants it and its sequence
	 * to the cluster's application role, and waits until the replicas have it.
	 * @param columns the columns after the key, as SQL ({@code "writer int"})
	 */
	static void createTable(EmbeddedReplicatedPostgres cluster, String table, String columns) throws SQLException {
		try (Connection connection = cluster.primary().openSuperuserConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists " + table + " (id bigserial primary key, " + columns + ")");
			statement.execute("grant all on " + table + " to " + cluster.username());
			statement.execute("grant all on sequence " + table + "_id_seq to " + cluster.username());
		}
		cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

}
