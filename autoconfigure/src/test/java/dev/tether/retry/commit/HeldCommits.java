package dev.tether.retry.commit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import dev.tether.test.fault.FaultProxy;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;

/** Ends a COMMIT that a {@link FaultProxy.Cut#HOLD} holds, once it is surely the one held. */
public final class HeldCommits {

	private HeldCommits() {
	}

	/**
	 * Resets every connection through the proxy once a backend of the primary waits, idle in its
	 * transaction, right after the transaction-id query: its COMMIT is the one held.
	 */
	public static Thread resetOnceCommitIsHeld(FaultProxy proxy, EmbeddedReplicatedPostgres cluster) {
		Thread resetter = new Thread(() -> {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			try (Connection connection = DriverManager.getConnection(cluster.primary().jdbcUrl(), cluster.username(),
					cluster.password())) {
				while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
					try (PreparedStatement statement = connection.prepareStatement("select count(*) from pg_stat_activity"
							+ " where state = 'idle in transaction' and query like 'select pg_current_xact_id_if_assigned%'");
							ResultSet result = statement.executeQuery()) {
						result.next();
						if (result.getInt(1) > 0) {
							// a little later, so that the client surely waits for the COMMIT's answer
							Thread.sleep(200);
							proxy.resetAll();
							return;
						}
					}
					Thread.sleep(20);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "reset-once-commit-is-held");
		resetter.setDaemon(true);
		resetter.start();
		return resetter;
	}

}
