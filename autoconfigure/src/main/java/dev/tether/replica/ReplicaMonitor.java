package dev.tether.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import dev.tether.sql.SqlDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Watches the replicas: a background probe measures each one's replay position and lag every
 * {@code tether.replica.probe-interval} and sets its state (UP, LAGGING over
 * {@code tether.replica.max-lag}, DOWN when unreachable or not replicating). The routing path
 * marks a replica DOWN the moment it refuses a connection (a circuit breaker: no request pays that
 * connect timeout again), and only this probe readmits it. The probe fits the primary's database,
 * detected from its JDBC metadata: {@link PostgresReplicationProbe}, {@link MySqlReplicationProbe},
 * or none (reachability only, no causal reads). State changes are logged once, not per request.
 * <p>
 * The primary is probed too, in the same round and before the replicas. Each node's probe runs on a
 * worker thread and the round waits for it at most {@code tether.replica.probe-timeout}: a node
 * that has not answered by then, or cannot be connected to, is DOWN, and the physical connections
 * the routing path holds on it are aborted ({@link InFlightConnections}), so no thread waits on a hung host longer than a
 * probe interval plus the probe timeout. The probe's connection gets that network timeout, so its
 * worker ends too; while it has not, the node stays DOWN and is not probed again.
 * <p>
 * The one lag component of Tether: routing and the batch throttle both read it.
 */
public class ReplicaMonitor implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReplicaMonitor.class);

	private static final long PRIMARY_DOWN = -2;

	private final DataSource primary;

	private final Map<String, DataSource> replicas;

	private final Map<String, ReplicaHealth> health = new LinkedHashMap<>();

	private final ReplicaHealth primaryHealth = new ReplicaHealth("primary");

	private final Duration probeTimeout;

	/** Runs the probes' blocking work, and the drivers' abort work; daemon threads, grown on demand. */
	private final ExecutorService workers;

	/** The probes' own connections, by node, created at {@link #start()}. */
	private final Map<ReplicaHealth, ProbeConnections> probeConnections = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * How long a node that has never answered (UNKNOWN) may take for its first answer before it is
	 * DOWN: the first probe opens the probe's connection and detects the dialect, which on a
	 * loaded machine takes longer than a probe, and calling the primary DOWN at startup would
	 * refuse the first writes.
	 */
	private static final int FIRST_ANSWER_TIMEOUTS = 10;

	/** When each node's pending probe started; touched only by the probe thread. */
	private final Map<ReplicaHealth, Long> pendingSince = new java.util.HashMap<>();

	/** Each node's probe that has not finished; touched only by the probe thread. */
	private final Map<ReplicaHealth, Future<?>> pending = new java.util.HashMap<>();

	private final Duration interval;

	private final long maxLagNanos;

	private final PrimaryPositions primaryPositions = new PrimaryPositions();

	private final ScheduledExecutorService scheduler;

	private final PrimaryDialect dialect;

	private volatile ReplicationProbe probe;

	private volatile boolean probeResolved;

	/** Whether the primary's last answer was a comparable position; see {@link #positionsKnown()}. */
	private volatile boolean positionsKnown = true;


	/**
	 * Creates a monitor; call {@link #start()} to begin probing.
	 * @param primary the primary
	 * @param replicas the replicas' pools by name
	 * @param interval time between two probes of the replicas
	 * @param maxLag lag above which a replica gets no reads
	 */
	public ReplicaMonitor(DataSource primary, Map<String, DataSource> replicas, Duration interval, Duration maxLag) {
		this(primary, replicas, interval, maxLag, new PrimaryDialect(null));
	}

	/**
	 * Creates a monitor whose probe fits the given dialect of the primary, with the default probe
	 * timeout; call {@link #start()} to begin probing.
	 * @param primary the primary
	 * @param replicas the replicas' pools by name
	 * @param interval time between two probes of the replicas
	 * @param maxLag lag above which a replica gets no reads
	 * @param dialect the primary's dialect, shared with the router that detects or was given it
	 */
	public ReplicaMonitor(DataSource primary, Map<String, DataSource> replicas, Duration interval, Duration maxLag,
			PrimaryDialect dialect) {
		this(primary, replicas, interval, maxLag, dialect, defaultProbeTimeout(interval));
	}

	/**
	 * The default probe timeout for a probe interval: 500 ms, or the interval when shorter.
	 * @param interval the probe interval
	 * @return the timeout
	 */
	public static Duration defaultProbeTimeout(Duration interval) {
		return (interval.compareTo(DEFAULT_PROBE_TIMEOUT) < 0) ? interval : DEFAULT_PROBE_TIMEOUT;
	}

	/** Why a hung node is found within 1.5 s with the defaults: a 1 s interval plus this. */
	private static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofMillis(500);

	/**
	 * Returns the problem with a probe timeout, for startup validation.
	 * @param timeout the probe timeout
	 * @param interval the probe interval
	 * @return the problem naming the property and the fix, or {@code null} when it is fine
	 */
	public static String probeTimeoutProblem(Duration timeout, Duration interval) {
		if (timeout == null || timeout.toMillis() < 10 || timeout.compareTo(interval) > 0) {
			return "tether.replica.probe-timeout must be at least 10ms and at most tether.replica.probe-interval ("
					+ interval + "), but was " + timeout + ": a node's probe must end before the next round starts";
		}
		return null;
	}

	/**
	 * Creates a monitor whose probe fits the given dialect of the primary; call {@link #start()}
	 * to begin probing.
	 * @param probeTimeout how long a node's probe may take before the node is DOWN, at most the
	 * interval
	 * @param primary the primary
	 * @param replicas the replicas' pools by name
	 * @param interval time between two probes of the replicas
	 * @param maxLag lag above which a replica gets no reads
	 * @param dialect the primary's dialect, shared with the router that detects or was given it
	 */
	public ReplicaMonitor(DataSource primary, Map<String, DataSource> replicas, Duration interval, Duration maxLag,
			PrimaryDialect dialect, Duration probeTimeout) {
		String problem = probeTimeoutProblem(probeTimeout, interval);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		this.probeTimeout = probeTimeout;
		this.primary = primary;
		this.dialect = dialect;
		this.replicas = new LinkedHashMap<>(replicas);
		this.replicas.keySet().forEach((name) -> this.health.put(name, new ReplicaHealth(name)));
		this.interval = interval;
		this.maxLagNanos = maxLag.toNanos();
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "tether-replica-probe");
			thread.setDaemon(true);
			return thread;
		});
		this.workers = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "tether-probe-worker");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Starts the background probe; the first round runs at once. */
	public void start() {
		// without replicas nothing routes by health, and the health contributor checks the primary
		if (!this.replicas.isEmpty()) {
			this.probeConnections.put(this.primaryHealth, ProbeConnections.of(this.primary, "primary", this.probeTimeout,
					FIRST_ANSWER_TIMEOUTS));
			this.replicas.forEach((name, dataSource) -> this.probeConnections.put(this.health.get(name),
					ProbeConnections.of(dataSource, name, this.probeTimeout, FIRST_ANSWER_TIMEOUTS)));
			// at a fixed rate: a round that waited for a hung node does not push the next one back,
			// so a hang is found within the interval plus the probe timeout
			this.scheduler.scheduleAtFixedRate(this::probeAll, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Returns the live health of a replica.
	 * @param name the replica's name
	 * @return its health, or {@code null} for an unknown name
	 */
	public ReplicaHealth health(String name) {
		return this.health.get(name);
	}

	/**
	 * Returns the live health of the primary, probed in the same rounds as the replicas: its state
	 * is UNKNOWN until the first round, then UP or DOWN (never LAGGING).
	 * @return the primary's health
	 */
	public ReplicaHealth primaryHealth() {
		return this.primaryHealth;
	}

	/**
	 * Returns how long a node's probe may take before the node is DOWN.
	 * @return {@code tether.replica.probe-timeout}
	 */
	public Duration probeTimeout() {
		return this.probeTimeout;
	}

	/**
	 * Returns a snapshot of every replica's health, in configuration order.
	 * @return the statuses
	 */
	public List<ReplicaStatus> statuses() {
		return this.health.values().stream().map(ReplicaHealth::status).toList();
	}

	/**
	 * Returns the lag above which a replica gets no reads.
	 * @return {@code tether.replica.max-lag} in nanoseconds
	 */
	public long maxLagNanos() {
		return this.maxLagNanos;
	}

	/**
	 * Returns how to read replication positions from this kind of database.
	 * @return the probe, or {@code null} when the database is not supported (then replicas are only
	 * checked for reachability and reads are never causal)
	 */
	public ReplicationProbe probe() {
		if (!this.probeResolved) {
			resolveProbe();
		}
		return this.probe;
	}

	/**
	 * Whether the primary gives positions that replicas' replay positions can be compared with
	 * (not so without GTIDs, or with several GTID domains or sources): when not, causal reads keep to the
	 * primary for the read-your-writes window instead. Updated at every probe round.
	 * @return {@code false} once the primary answered {@link ReplicationProbe#UNKNOWN_POSITION}
	 */
	public boolean positionsKnown() {
		return this.positionsKnown;
	}

	/**
	 * Marks a replica down at once, after the routing path failed to reach it; the background probe
	 * readmits it when it answers again.
	 * @param name the replica's name
	 * @param cause what failed
	 */
	public void markDown(String name, Throwable cause) {
		ReplicaHealth replica = this.health.get(name);
		if (replica != null) {
			transition(replica, ReplicaState.DOWN, -1, describe(cause), false);
		}
	}

	/** Probes the primary, then every replica; the scheduled task, also callable by tests. */
	public void probeAll() {
		try {
			long primaryPosition = probePrimary();
			ReplicationProbe current = this.probe;
			long deadline = System.nanoTime() + this.probeTimeout.toNanos();
			long firstDeadline = System.nanoTime() + FIRST_ANSWER_TIMEOUTS * this.probeTimeout.toNanos();
			Map<ReplicaHealth, Future<?>> round = new LinkedHashMap<>();
			for (Map.Entry<String, DataSource> replica : this.replicas.entrySet()) {
				ReplicaHealth node = this.health.get(replica.getKey());
				DataSource dataSource = replica.getValue();
				Future<?> started = start(node, () -> {
					probe(node, dataSource, current, primaryPosition);
					return null;
				});
				if (started != null) {
					round.put(node, started);
				}
			}
			round.forEach((node, future) -> awaitUntil(node, future,
					(node.state() == ReplicaState.UNKNOWN) ? firstDeadline : deadline));
		}
		catch (Throwable ex) {
			// never let the scheduled task die: the next round tries again
			logger.debug("Replica probe round failed", ex);
		}
	}

	/** Probes the primary: its position when the database has positions, else that it answers. */
	private long probePrimary() {
		Future<Long> started = start(this.primaryHealth, () -> {
			if (!this.probeResolved) {
				resolveProbe();
			}
			ReplicationProbe current = this.probe;
			try (Connection connection = probeSource(this.primaryHealth, this.primary).getConnection()) {
				limit(connection, this.primaryHealth);
				if (current == null) {
					if (!connection.isValid(queryTimeoutSeconds())) {
						throw new SQLException("Connection.isValid() answered false");
					}
					return -1L;
				}
				long readAt = System.nanoTime();
				long position = current.primaryPosition(connection);
				this.positionsKnown = position != ReplicationProbe.UNKNOWN_POSITION;
				if (this.positionsKnown) {
					this.primaryPositions.record(position, readAt);
				}
				return position;
			}
		});
		if (started == null) {
			return PRIMARY_DOWN;
		}
		Long position = awaitUntil(this.primaryHealth, started, deadline(this.primaryHealth));
		if (position == null) {
			// the primary is down: nothing newer than the replicas' data exists anywhere, so
			// their lag is unknown rather than growing, and they stay routable
			return PRIMARY_DOWN;
		}
		transition(this.primaryHealth, ReplicaState.UP, -1, null, true);
		return (this.probe != null) ? position : -1;
	}

	/**
	 * Starts a node's probe on a worker, unless its previous one is still blocked: then the node
	 * stays DOWN and {@code null} is returned.
	 */
	private <T> Future<T> start(ReplicaHealth node, Callable<T> work) {
		Future<?> previous = this.pending.get(node);
		if (previous != null && !previous.isDone()) {
			if (firstAnswerAwaited(node)) {
				return null;
			}
			transition(node, ReplicaState.DOWN, -1, "its probe has not returned after more than "
					+ this.probeTimeout.toMillis() + " ms (tether.replica.probe-timeout)", true);
			return null;
		}
		Future<T> future = this.workers.submit(work);
		this.pending.put(node, future);
		this.pendingSince.put(node, System.nanoTime());
		return future;
	}

	/** Whether a node that has never answered is still within the allowance for its first answer. */
	private boolean firstAnswerAwaited(ReplicaHealth node) {
		Long since = this.pendingSince.get(node);
		return node.state() == ReplicaState.UNKNOWN && since != null
				&& System.nanoTime() - since < FIRST_ANSWER_TIMEOUTS * this.probeTimeout.toNanos();
	}

	/** The deadline of a node's probe started now: the probe timeout, longer for a first answer. */
	private long deadline(ReplicaHealth node) {
		long timeouts = (node.state() == ReplicaState.UNKNOWN) ? FIRST_ANSWER_TIMEOUTS : 1;
		return System.nanoTime() + timeouts * this.probeTimeout.toNanos();
	}

	/** Waits for a node's probe until the deadline; marks it DOWN when it failed or did not answer. */
	private <T> T awaitUntil(ReplicaHealth node, Future<T> future, long deadline) {
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			transition(node, ReplicaState.DOWN, -1, "no answer within " + this.probeTimeout.toMillis()
					+ " ms (tether.replica.probe-timeout)", true);
		}
		catch (ExecutionException ex) {
			transition(node, ReplicaState.DOWN, -1, describe(ex.getCause()), unreachable(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return null;
	}

	/**
	 * Bounds every wait of a probe's connection: the network timeout is what ends a read from a hung
	 * host, so the worker ends too. Twice the probe timeout (ten times for a first answer): the
	 * round's wait decides DOWN, this only frees the worker.
	 */
	private void limit(Connection connection, ReplicaHealth node) throws SQLException {
		long timeouts = (node.state() == ReplicaState.UNKNOWN) ? FIRST_ANSWER_TIMEOUTS : 2;
		try {
			connection.setNetworkTimeout(this.workers, (int) Math.max(1, timeouts * this.probeTimeout.toMillis()));
		}
		catch (java.sql.SQLFeatureNotSupportedException ex) {
			// the driver has no network timeout: the wait above still bounds the probe thread
		}
	}

	/**
	 * Whether a probe's failure says the node cannot be reached (a connection failure, SQLState
	 * class 08, or a read that timed out), rather than that it answered it is not fit for reads
	 * (replication stopped): only then are its connections in flight aborted.
	 */
	static boolean unreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.net.ConnectException
					|| cause instanceof java.sql.SQLTransientConnectionException
					|| cause instanceof java.sql.SQLNonTransientConnectionException
					|| cause instanceof java.sql.SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

	private DataSource probeSource(ReplicaHealth node, DataSource fallback) {
		ProbeConnections own = this.probeConnections.get(node);
		return (own != null) ? own.dataSource() : fallback;
	}

	private int queryTimeoutSeconds() {
		return (int) Math.max(1, (this.probeTimeout.toMillis() + 999) / 1000);
	}

	private void probe(ReplicaHealth replica, DataSource dataSource, ReplicationProbe current, long primaryPosition)
			throws SQLException {
		try (Connection connection = probeSource(replica, dataSource).getConnection()) {
			limit(connection, replica);
			if (current == null) {
				if (!connection.isValid(queryTimeoutSeconds())) {
					throw new SQLException("Connection.isValid() answered false");
				}
				transition(replica, ReplicaState.UP, -1, null, true);
				return;
			}
			ReplicationProbe.Replay replay = current.replay(connection);
			replica.observeReplayPosition(replay.position());
			if (replay.notReceiving() != null && primaryPosition != PRIMARY_DOWN) {
				// alive but not receiving: its reads in flight still answer, so they are not aborted
				transition(replica, ReplicaState.DOWN, -1, replay.notReceiving(), false);
				return;
			}
			long lag;
			if (primaryPosition == PRIMARY_DOWN) {
				lag = -1;
			}
			else if (primaryPosition >= 0 && replay.position() >= primaryPosition) {
				// caught up: the replay timestamp only ages while the primary is idle
				lag = 0;
			}
			else {
				lag = lagBehind(replay, primaryPosition);
			}
			transition(replica, (lag > this.maxLagNanos) ? ReplicaState.LAGGING : ReplicaState.UP, lag, null, true);
		}
	}

	/**
	 * The lag of a replica behind the primary: the smaller of two upper bounds, the database's own
	 * (PostgreSQL: the age of the last replayed commit; MySQL: seconds behind) and the time since the
	 * primary held no more than the replica has replayed. With neither (no privilege to read the
	 * replication status, and behind every remembered position), the time since the oldest
	 * remembered position: a lower bound that grows while the replica stays behind.
	 */
	private long lagBehind(ReplicationProbe.Replay replay, long primaryPosition) {
		long now = System.nanoTime();
		long reported = (replay.sinceLastReplayed() != null) ? replay.sinceLastReplayed().toNanos() : -1;
		long sincePosition = (primaryPosition >= 0) ? this.primaryPositions.lagBound(replay.position(), now) : -1;
		if (sincePosition >= 0) {
			return (reported >= 0) ? Math.min(reported, sincePosition) : sincePosition;
		}
		if (reported >= 0 || primaryPosition < 0) {
			return reported;
		}
		return this.primaryPositions.sinceOldest(now);
	}

 /**
	 * Sets a node's state and logs a change once. A node the probe finds unreachable has its
	 * in-flight connections aborted; one the routing path marks down (a refused or broken connection) does
	 * not, since a pool that times out under load would otherwise abort healthy work.
	 */
	private void transition(ReplicaHealth replica, ReplicaState state, long lagNanos, String problem, boolean probed) {
		ReplicaState previous = replica.update(state, lagNanos, problem);
		if (state == ReplicaState.DOWN && probed) {
			int aborted = replica.inFlight().abortAll(this.workers);
			if (aborted > 0) {
				logger.warn(describeNode(replica) + " is DOWN: aborted " + aborted + " connection(s) in flight on it");
			}
		}
		if (previous == state) {
			return;
		}
		String message = describeNode(replica) + " is " + state + " (was " + previous + ")"
				+ ((state == ReplicaState.LAGGING) ? ": " + Duration.ofNanos(lagNanos).toMillis() + " ms behind, over "
						+ Duration.ofNanos(this.maxLagNanos).toMillis() + " ms (tether.replica.max-lag)" : "")
				+ ((problem != null) ? ": " + problem : "");
		if (state == ReplicaState.UP || (state == ReplicaState.UNKNOWN)) {
			logger.info(message);
		}
		else {
			logger.warn(message);
		}
	}

	private String describeNode(ReplicaHealth node) {
		return (node == this.primaryHealth) ? "Primary" : "Replica '" + node.name() + "'";
	}

	private synchronized void resolveProbe() {
		if (this.probeResolved) {
			return;
		}
		try (Connection connection = this.primary.getConnection()) {
			limit(connection, this.primaryHealth);
			this.probe = probeFor(this.dialect.resolve(connection), queryTimeoutSeconds());
			this.probeResolved = true;
		}
		catch (SQLException | RuntimeException ex) {
			// the primary is unreachable: try again at the next round
		}
	}

	/** The probe of the primary's dialect, the router's; {@code null} for other databases. */
	private static ReplicationProbe probeFor(PrimaryDialect.Detected detected, int queryTimeoutSeconds) {
		if (detected.dialect() == SqlDialect.POSTGRESQL) {
			return new PostgresReplicationProbe(queryTimeoutSeconds);
		}
		if (detected.dialect() == SqlDialect.MYSQL) {
			return new MySqlReplicationProbe(detected.mariaDb());
		}
		return null;
	}

	/** An exception's message, without anything that could carry credentials. */
	static String describe(Throwable failure) {
		String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
		return message.replaceAll("(?i)(password|pwd)=[^&;\\s]*", "$1=******").replaceAll("//[^/@\\s]+:[^/@\\s]+@", "//******@");
	}

	/**
	 * Returns the live health of every replica.
	 * @return the health objects, in configuration order
	 */
	public Collection<ReplicaHealth> replicas() {
		return this.health.values();
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.workers.shutdownNow();
		this.probeConnections.values().forEach(ProbeConnections::close);
		this.probeConnections.clear();
	}

}
