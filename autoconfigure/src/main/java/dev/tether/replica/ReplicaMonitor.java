package dev.tether.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * The one lag component of Tether: routing and the batch throttle both read it.
 */
public class ReplicaMonitor implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReplicaMonitor.class);

	private final DataSource primary;

	private final Map<String, DataSource> replicas;

	private final Map<String, ReplicaHealth> health = new LinkedHashMap<>();

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
	 * Creates a monitor whose probe fits the given dialect of the primary; call {@link #start()}
	 * to begin probing.
	 * @param primary the primary
	 * @param replicas the replicas' pools by name
	 * @param interval time between two probes of the replicas
	 * @param maxLag lag above which a replica gets no reads
	 * @param dialect the primary's dialect, shared with the router that detects or was given it
	 */
	public ReplicaMonitor(DataSource primary, Map<String, DataSource> replicas, Duration interval, Duration maxLag,
			PrimaryDialect dialect) {
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
	}

	/** Starts the background probe; the first round runs at once. */
	public void start() {
		if (!this.replicas.isEmpty()) {
			this.scheduler.scheduleWithFixedDelay(this::probeAll, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
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
			transition(replica, ReplicaState.DOWN, -1, describe(cause));
		}
	}

	/** Probes every replica now; the scheduled task, also callable by tests. */
	public void probeAll() {
		try {
			ReplicationProbe current = probe();
			long primaryPosition = ReplicationProbe.UNKNOWN_POSITION;
			boolean primaryDown = false;
			if (current != null) {
				try (Connection connection = this.primary.getConnection()) {
					long readAt = System.nanoTime();
					primaryPosition = current.primaryPosition(connection);
					this.positionsKnown = primaryPosition != ReplicationProbe.UNKNOWN_POSITION;
					if (this.positionsKnown) {
						this.primaryPositions.record(primaryPosition, readAt);
					}
				}
				catch (SQLException | RuntimeException ex) {
					// the primary is down: nothing newer than the replicas' data exists anywhere, so
					// their lag is unknown rather than growing, and they stay routable
					primaryDown = true;
				}
			}
			for (Map.Entry<String, DataSource> replica : this.replicas.entrySet()) {
				probe(this.health.get(replica.getKey()), replica.getValue(), current, primaryPosition, primaryDown);
			}
		}
		catch (Throwable ex) {
			// never let the scheduled task die: the next round tries again
			logger.debug("Replica probe round failed", ex);
		}
	}

	/**
	 * @param primaryPosition the primary's position, {@link ReplicationProbe#UNKNOWN_POSITION} when it
	 * has none to compare (or is down)
	 * @param primaryDown whether the primary could not be asked this round
	 */
	private void probe(ReplicaHealth replica, DataSource dataSource, ReplicationProbe current, long primaryPosition,
			boolean primaryDown) {
		try (Connection connection = dataSource.getConnection()) {
			if (current == null) {
				transition(replica, connection.isValid(1) ? ReplicaState.UP : ReplicaState.DOWN, -1, null);
				return;
			}
			ReplicationProbe.Replay replay = current.replay(connection);
			replica.observeReplayPosition(replay.position());
			if (replay.notReceiving() != null && !primaryDown) {
				transition(replica, ReplicaState.DOWN, -1, replay.notReceiving());
				return;
			}
			long lag;
			if (primaryDown) {
				lag = -1;
			}
			else if (primaryPosition >= 0 && replay.position() >= primaryPosition) {
				// caught up: the replay timestamp only ages while the primary is idle
				lag = 0;
			}
			else {
				lag = lagBehind(replay, primaryPosition);
			}
			transition(replica, (lag > this.maxLagNanos) ? ReplicaState.LAGGING : ReplicaState.UP, lag, null);
		}
		catch (SQLException | RuntimeException ex) {
			transition(replica, ReplicaState.DOWN, -1, describe(ex));
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

	private void transition(ReplicaHealth replica, ReplicaState state, long lagNanos, String problem) {
		ReplicaState previous = replica.update(state, lagNanos, problem);
		if (previous == state) {
			return;
		}
		String message = "Replica '" + replica.name() + "' is " + state + " (was " + previous + ")"
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

	private synchronized void resolveProbe() {
		if (this.probeResolved) {
			return;
		}
		try (Connection connection = this.primary.getConnection()) {
			this.probe = probeFor(this.dialect.resolve(connection));
			this.probeResolved = true;
		}
		catch (SQLException | RuntimeException ex) {
			// the primary is unreachable: try again at the next round
		}
	}

	/** The probe of the primary's dialect, the router's; {@code null} for other databases. */
	private static ReplicationProbe probeFor(PrimaryDialect.Detected detected) {
		if (detected.dialect() == SqlDialect.POSTGRESQL) {
			return new PostgresReplicationProbe();
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
	}

}
