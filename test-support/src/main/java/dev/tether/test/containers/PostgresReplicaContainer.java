package dev.tether.test.containers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL streaming replica of a Testcontainers {@link PostgreSQLContainer}, in a container of
 * the primary's image. On {@link #start()} it starts the primary (if it is not running), allows
 * replication connections on it ({@code pg_hba.conf}: {@code host replication all all}, then
 * {@code pg_reload_conf()}; a running primary is fine, nothing else in PostgreSQL's defaults
 * needs changing), copies it with {@code pg_basebackup -R} and starts as a hot standby that
 * streams the primary's WAL. It is ready once it streams.
 *
 * <pre class="code">
 * PostgreSQLContainer primary = new PostgreSQLContainer(TetherImages.postgres());
 * PostgresReplicaContainer replica = new PostgresReplicaContainer(primary);
 * replica.start(); // starts the primary first
 * </pre>
 *
 * <p>The replica's users, databases and data are the primary's; {@link #getJdbcUrl()} is the
 * primary's URL with the replica's address.
 */
public class PostgresReplicaContainer extends ReplicaContainer<PostgresReplicaContainer> {

	private static final int PORT = 5432;

	private static final String SCRIPT = "/usr/local/bin/tether-replica.sh";

	private final PostgreSQLContainer primary;

	/**
	 * A replica of {@code primary}; create it before or after the primary starts.
	 * @param primary the primary container it replicates
	 */
	public PostgresReplicaContainer(PostgreSQLContainer primary) {
		super(primary, PORT);
		this.primary = Objects.requireNonNull(primary, "primary");
		withCopyToContainer(Transferable.of(replicaScript(), 0755), SCRIPT);
	}

	@Override
	protected void configure() {
		super.configure();
		allowReplication();
		withEnv("TETHER_PRIMARY_HOST", primaryAddress());
		withEnv("TETHER_PRIMARY_USER", this.primary.getUsername());
		withEnv("TETHER_PRIMARY_PASSWORD", this.primary.getPassword());
		// The image's own entrypoint (which starts the server, as the image's unprivileged user)
		// runs after the base backup: the data directory is there, so it skips initialisation.
		List<String> command = new ArrayList<>();
		command.add(SCRIPT);
		command.addAll(imageEntrypoint());
		command.add("postgres");
		withCreateContainerCmdModifier((create) -> create.withEntrypoint(command.toArray(String[]::new)).withCmd());
	}

	@Override
	public void pauseApply() {
		execute("SELECT pg_wal_replay_pause()");
		await("SELECT pg_get_wal_replay_pause_state() = 'paused'", "WAL replay to pause");
	}

	@Override
	public void resumeApply() {
		execute("SELECT pg_wal_replay_resume()");
	}

	@Override
	public void setApplyDelay(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("setApplyDelay(" + delay + "): the delay must not be negative");
		}
		long millis = delay.toMillis();
		execute((millis == 0) ? "ALTER SYSTEM RESET recovery_min_apply_delay"
				: "ALTER SYSTEM SET recovery_min_apply_delay = '" + millis + "ms'");
		execute("SELECT pg_reload_conf()");
		await("SELECT setting = '" + millis + "' FROM pg_settings WHERE name = 'recovery_min_apply_delay'",
				"recovery_min_apply_delay = " + millis + " ms to be loaded");
	}

	@Override
	String adminUsername() {
		return this.primary.getUsername();
	}

	@Override
	String adminPassword() {
		return this.primary.getPassword();
	}

	@Override
	boolean isReady(Connection admin) throws SQLException {
		return queryTrue(admin, "SELECT pg_is_in_recovery() AND EXISTS "
				+ "(SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')");
	}

	/** Adds a replication line to the primary's pg_hba.conf, with the authentication its other remote lines use. */
	private void allowReplication() {
		try (Connection connection = this.primary.createConnection("");
				Statement statement = connection.createStatement()) {
			String hbaFile = queryString(statement, "SHOW hba_file");
			String method = queryString(statement, "SELECT coalesce((SELECT auth_method FROM pg_hba_file_rules"
					+ " WHERE type = 'host' AND 'all' = ANY(database) ORDER BY line_number DESC LIMIT 1), 'scram-sha-256')");
			ExecResult result = this.primary.execInContainer("sh", "-c",
					"grep -q '^host replication all all' '" + hbaFile + "' || echo 'host replication all all " + method
							+ "' >> '" + hbaFile + "'");
			if (result.getExitCode() != 0) {
				throw new ContainerLaunchException("Could not allow replication on the primary (" + hbaFile + "): "
						+ result.getStderr());
			}
			statement.execute("SELECT pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new ContainerLaunchException("Could not allow replication on the primary: " + ex.getMessage(), ex);
		}
		catch (java.io.IOException ex) {
			throw new ContainerLaunchException("Could not allow replication on the primary: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ContainerLaunchException("Interrupted while allowing replication on the primary", ex);
		}
	}

	private List<String> imageEntrypoint() {
		String[] entrypoint = getDockerClient().inspectImageCmd(getDockerImageName()).exec().getConfig().getEntrypoint();
		return (entrypoint != null) ? List.of(entrypoint) : List.of();
	}

	private void execute(String sql) {
		try (Connection admin = createAdminConnection(); Statement statement = admin.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Replica '" + getReplicaName() + "' refused " + sql + ": " + ex.getMessage(), ex);
		}
	}

	private void await(String sql, String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		try (Connection admin = createAdminConnection()) {
			while (!queryTrue(admin, sql)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Replica '" + getReplicaName() + "': timed out waiting for " + what);
				}
				sleep(Duration.ofMillis(20));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Replica '" + getReplicaName() + "': " + ex.getMessage(), ex);
		}
	}

	private static boolean queryTrue(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			return result.next() && result.getBoolean(1);
		}
	}

	private static String queryString(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private static String replicaScript() {
		// First start: copy the primary (retrying while it is still coming up). A restart finds the
		// copy and starts it again as the standby it is (standby.signal, primary_conninfo from -R).
		return """
				#!/bin/sh
				set -e
				if [ ! -s "$PGDATA/PG_VERSION" ]; then
				  mkdir -p "$PGDATA"
				  until PGPASSWORD="$TETHER_PRIMARY_PASSWORD" pg_basebackup -h "$TETHER_PRIMARY_HOST" -p 5432 \\
				      -U "$TETHER_PRIMARY_USER" -D "$PGDATA" -R -X stream -c fast; do
				    echo "tether-replica: primary not ready, retrying"
				    rm -rf "$PGDATA"/* && sleep 1
				  done
				  chown -R postgres:postgres "$PGDATA"
				  chmod 700 "$PGDATA"
				fi
				exec "$@"
				""";
	}

}
