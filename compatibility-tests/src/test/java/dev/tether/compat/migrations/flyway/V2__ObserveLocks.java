package dev.tether.compat.migrations.flyway;

import java.util.List;

import dev.tether.compat.Databases;
import dev.tether.test.assertj.AnsweringNode;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A migration that looks at the databases while Flyway holds its lock: which node its own
 * connection is on, and which node's {@code pg_locks} shows an advisory lock.
 */
public class V2__ObserveLocks extends BaseJavaMigration {

	/** What the last run saw: its connection's node, and the advisory locks on the primary and the replica. */
	public static volatile Observation last;

	@Override
	public void migrate(Context context) throws Exception {
		AnsweringNode node = AnsweringNode.of(context.getConnection());
		String locks = "select count(*) from pg_locks where locktype = 'advisory' and granted";
		List<String> onPrimary = Databases.query(Databases.cluster().primary(), locks);
		List<String> onReplica = Databases.query(Databases.cluster().replica(0), locks);
		last = new Observation(node, Integer.parseInt(onPrimary.get(0)), Integer.parseInt(onReplica.get(0)));
	}

	/** What one migration run saw. */
	public record Observation(AnsweringNode node, int advisoryLocksOnPrimary, int advisoryLocksOnReplica) {
	}

}
