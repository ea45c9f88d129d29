package dev.tether.test.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.JdbcDatabaseContainer;

/**
 * A read replica, in a container, of a Testcontainers primary: built from the primary it
 * replicates, it starts that primary first ({@link #dependsOn dependsOn}), copies or replays its
 * data, and follows it by the database's own replication. It controls replication lag
 * ({@link #pauseApply()}, {@link #resumeApply()}, {@link #setApplyDelay(Duration)}) and fails
 * like a real node ({@link #kill()}, {@link #restart()}).
 *
 * <p>A replica is not a {@link JdbcDatabaseContainer}: Spring Boot's {@code @ServiceConnection}
 * gives every JDBC container the application's {@code spring.datasource} connection, and a replica
 * must be a {@code tether.replicas} entry instead (tether-testcontainers does that).
 *
 * <p>Its port is published on {@code 127.0.0.1} only, on a host port chosen when it is created
 * and kept across {@link #restart()}, so a pool that knows the replica's URL reconnects after a
 * restart as it would to a real node.
 *
 * @param <SELF> the concrete type, for Testcontainers' fluent {@code with...} methods
 */
public abstract class ReplicaContainer<SELF extends ReplicaContainer<SELF>> extends GenericContainer<SELF> {

	/**
	 * Label on every container tether-test starts or configures, so that a run killed before it
	 * could stop them (Ryuk is off on machines without its image) can be cleaned up by label:
	 * {@code docker rm -f $(docker ps -aq --filter label=dev.tether.test)}.
	 */
	public static final String LABEL = "dev.tether.test";

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

	/** Replicas made of each primary so far, for default names replica-1, replica-2, ... */
	private static final Map<JdbcDatabaseContainer<?>, AtomicInteger> replicasOfPrimary = Collections
		.synchronizedMap(new IdentityHashMap<>());

	private final JdbcDatabaseContainer<?> primary;

	private final int containerPort;

	private final int hostPort;

	private volatile String replicaName;

	/** Why the last readiness check said no, for the startup failure's message. */
	volatile String notReadyBecause = "it did not answer";

	/** Position of this replica among its primary's replicas, from 1: makes distinct server ids. */
	private final int index;

	ReplicaContainer(JdbcDatabaseContainer<?> primary, int containerPort) {
		super(Objects.requireNonNull(primary, "primary").getDockerImageName());
		this.primary = primary;
		this.containerPort = containerPort;
		this.index = replicasOfPrimary.computeIfAbsent(primary, (key) -> new AtomicInteger()).incrementAndGet();
		this.replicaName = "replica-" + this.index;
		this.hostPort = freeLocalPort();
		if (primary.getContainerId() == null) {
			primary.withLabel(LABEL, "primary");
		}
		withLabel(LABEL, "replica");
		dependsOn(primary);
		withExposedPorts(containerPort);
		// Fixed 127.0.0.1:hostPort binding: traffic stays on the machine, and the port survives restart().
		withCreateContainerCmdModifier((command) -> command.getHostConfig()
			.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", this.hostPort),
					ExposedPort.tcp(containerPort))));
		withStartupTimeout(STARTUP_TIMEOUT);
	}

	/**
	 * Names the replica: its name in {@code tether.replicas.<name>} when wired by
	 * {@code @ServiceConnection}, in pool names and meters. Defaults to {@code replica-1},
	 * {@code replica-2}, ... in the order the replicas of one primary were created.
	 * @param name letters, digits, '-' or '_'
	 * @return this container
	 */
	public SELF withReplicaName(String name) {
		if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
			throw new IllegalArgumentException("withReplicaName(\"" + name
					+ "\"): a replica name is letters, digits, '-' or '_', for example replica-1");
		}
		this.replicaName = name;
		return self();
	}

	/** The replica's name (see {@link #withReplicaName(String)}). */
	public String getReplicaName() {
		return this.replicaName;
	}

	/** The primary container this replica follows. */
	public JdbcDatabaseContainer<?> getPrimary() {
		return this.primary;
	}

	/** The JDBC URL of the replica: the primary's URL with the replica's host and port. */
	public String getJdbcUrl() {
		requireStarted("getJdbcUrl");
		String url = this.primary.getJdbcUrl();
		String primaryAddress = this.primary.getHost() + ":" + this.primary.getMappedPort(this.containerPort);
		return url.replace("//" + primaryAddress + "/", "//" + getHost() + ":" + this.hostPort + "/");
	}

	/** The login user of the replica: the primary's (it is replicated from the primary). */
	public String getUsername() {
		return this.primary.getUsername();
	}

	/** The login password of the replica: the primary's. */
	public String getPassword() {
		return this.primary.getPassword();
	}

	/**
	 * Stops applying the primary's changes; they keep arriving and are applied by
	 * {@link #resumeApply()}. Returns when the replica has stopped applying.
	 */
	public abstract void pauseApply();

	/** Applies again what arrived while {@link #pauseApply() paused}. */
	public abstract void resumeApply();

	/**
	 * Delays applying each of the primary's changes by {@code delay} (PostgreSQL
	 * {@code recovery_min_apply_delay}, in milliseconds; MySQL/MariaDB {@code SOURCE_DELAY}, in whole
	 * seconds, rounded up).
	 * @param delay the delay; {@link Duration#ZERO} removes it
	 */
	public abstract void setApplyDelay(Duration delay);

	/**
	 * Kills the replica's container ({@code SIGKILL}: no shutdown, open connections break); its data
	 * stays for {@link #restart()}.
	 */
	public void kill() {
		requireStarted("kill");
		getDockerClient().killContainerCmd(getContainerId()).exec();
	}

	/**
	 * Starts a {@link #kill() killed} replica's container again on the same host port and waits
	 * until it answers queries and replicates again.
	 */
	public void restart() {
		requireStarted("restart");
		Boolean running = getDockerClient().inspectContainerCmd(getContainerId()).exec().getState().getRunning();
		if (Boolean.TRUE.equals(running)) {
			getDockerClient().killContainerCmd(getContainerId()).exec();
		}
		getDockerClient().startContainerCmd(getContainerId()).exec();
		awaitReady();
	}

	/**
	 * Opens a connection to the replica as its administrator (the user that controls replication),
	 * with the primary's JDBC driver.
	 * @return a new connection; the caller closes it
	 * @throws SQLException when the replica does not accept it
	 */
	public Connection createAdminConnection() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", adminUsername());
		properties.setProperty("password", adminPassword());
		Driver driver = this.primary.getJdbcDriverInstance();
		Connection connection = driver.connect(adminJdbcUrl(), properties);
		if (connection == null) {
			throw new SQLException(driver + " does not accept " + adminJdbcUrl());
		}
		return connection;
	}

	/**
	 * Opens a connection to the replica as the application's user (the primary's user).
	 * @return a new connection; the caller closes it
	 * @throws SQLException when the replica does not accept it
	 */
	public Connection createConnection() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", getUsername());
		properties.setProperty("password", getPassword());
		return this.primary.getJdbcDriverInstance().connect(getJdbcUrl(), properties);
	}

	@Override
	protected void waitUntilContainerStarted() {
		awaitReady();
	}

	/** The port the database listens on inside the container. */
	int containerPort() {
		return this.containerPort;
	}

	int index() {
		return this.index;
	}

	/** The primary's address on the container network both containers share. */
	String primaryAddress() {
		if (this.primary.getNetwork() != null && !this.primary.getNetworkAliases().isEmpty()) {
			return this.primary.getNetworkAliases().get(0);
		}
		Map<String, ContainerNetwork> networks = this.primary.getContainerInfo().getNetworkSettings().getNetworks();
		return networks.values()
			.stream()
			.map(ContainerNetwork::getIpAddress)
			.filter((address) -> address != null && !address.isEmpty())
			.findFirst()
			.orElseThrow(() -> new ContainerLaunchException(getClass().getSimpleName()
					+ ": the primary has no container network address; start it on the engine's bridge or a Network"));
	}

	@Override
	protected void configure() {
		if (this.primary.getNetwork() != null) {
			withNetwork(this.primary.getNetwork());
		}
	}

	/** The URL of administrative connections: {@link #getJdbcUrl()} unless its database may not exist yet. */
	String adminJdbcUrl() {
		return getJdbcUrl();
	}

	/** The user that controls replication on this replica. */
	abstract String adminUsername();

	abstract String adminPassword();

	/** Whether the replica answers and replicates; called until it does or the startup timeout ends. */
	abstract boolean isReady(Connection admin) throws SQLException;

	/**
	 * Waits until an admin connection opens and {@link #isReady(Connection)}; a replica that never
	 * gets there fails with its log's last lines.
	 */
	void awaitReady() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		Exception last = null;
		while (System.nanoTime() < deadline) {
			if (!isRunning()) {
				break;
			}
			try (Connection admin = createAdminConnection()) {
				if (isReady(admin)) {
					return;
				}
			}
			catch (SQLException ex) {
				// Not up yet (or restarting). Anything else is a setup failure and ends the wait.
				last = ex;
			}
			sleep(Duration.ofMillis(200));
		}
		throw new ContainerLaunchException(getClass().getSimpleName() + " '" + this.replicaName
				+ "' did not become a working replica in " + STARTUP_TIMEOUT.toSeconds() + " s: " + this.notReadyBecause
				+ " (last connection error: " + ((last != null) ? last.getMessage() : "none") + "); log tail:\n" + logTail(),
				last);
	}

	String logTail() {
		try {
			List<String> lines = getLogs().lines().toList();
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (RuntimeException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	void requireStarted(String method) {
		if (getContainerId() == null) {
			throw new IllegalStateException(getClass().getSimpleName() + "." + method
					+ "() needs a started replica: call start() first (or let @Container / @ServiceConnection start it)");
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a replica", ex);
		}
	}

	private static int freeLocalPort() {
		// A free port now; the engine binds it when the container starts. Another process could
		// take it in between, which fails that start with "port is already allocated".
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free local port for a replica container", ex);
		}
	}

}
