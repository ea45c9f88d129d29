package dev.tether.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
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
 * worker thread with its own connection ({@link ProbeConnections}); the round waits for it. A node
 * is DOWN when its probe fails to connect (refused, reset: at once), or when it stays silent for
 * its number of probe timeouts in a row ({@link DownDetection}, {@link NodeProbe}): no probe answer
 * and no work completing on it. Then the physical connections the routing path holds on it are
 * aborted ({@link InFlightConnections}), so no thread waits on a hung host longer than a probe
 * interval plus the misses. One answer brings it back.
 * <p>
 * The primary's probe also asks its role: a configured primary that answers as a standby is a
 * role change ({@link PrimaryRole}: its pool evicted, logged once, counted). On PostgreSQL it also
 * reads the primary's timeline: when that changes (a promotion forked the WAL), the replicas' known
 * positions are forgotten and a replica's positions compare again only once it is seen on the new
 * timeline, so an LSN of the old history is never taken for one of the new.
 * <p>
 * The one lag component of Tether: routing and the batch throttle both read it.
 */
public class ReplicaMonitor implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReplicaMonitor.class);

	private final DataSource primary;

	private final Map<String, DataSource> replicas;

	private final Map<String, ReplicaHealth> health = new LinkedHashMap<>();

	private final ReplicaHealth primaryHealth = new ReplicaHealth("primary");

	private final DownDetection detection;

	private final long timeoutNanos;

	/** Each node's probe state, the primary first; touched by the probe thread (and workers, see NodeProbe). */
	private final Map<ReplicaHealth, NodeProbe> nodes = new LinkedHashMap<>();

	/** Runs the probes' blocking work, and the drivers' abort work; daemon threads, grown on demand. */
	private final ExecutorService workers;

	/** The probes' own connections, by node, created at {@link #start()}. */
	private final Map<ReplicaHealth, ProbeConnections> probeConnections = new ConcurrentHashMap<>();

	private final Duration interval;

	private final long maxLagNanos;

	private final PrimaryPositions primaryPositions = new PrimaryPositions();

	private final ScheduledExecutorService scheduler;

	private final PrimaryDialect dialect;

	private final PrimaryRole role;

	/** The primary's timeline at its last answer, {@link ReplicationProbe#NO_TIMELINE} when unknown. */
	private volatile int primaryTimeline = ReplicationProbe.NO_TIMELINE;

	/** Whether the primary's timeline changed since start: then a replica's unknown timeline is not trusted. */
	private volatile boolean timelineChanged;

	/**
	 * The primary's first position seen on its current timeline: every change of an older
	 * timeline that survived the promotion is below it. One object per timeline, read per read.
	 */
	private volatile ReplicationPosition timelineStart = ReplicationPosition.NONE;

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
	 * Creates a monitor whose probe fits the given dialect of the primary, with the default
	 * detection of hung nodes; call {@link #start()} to begin probing.
	 * @param primary the primary
	 * @param replicas the replicas' pools by name
	 * @param interval time between two probes of the replicas
	 * @param maxLag lag above which a replica gets no reads
	 * @param dialect the primary's dialect, shared with the router that detects or was given it
	 */
	public ReplicaMonitor(DataSource primary, Map<String, DataSource> replicas, Duration interval, Duration maxLag,
			PrimaryDialect dialect) {
		this(primary, replicas, interval, maxLag, dialect, DownDetection.defaults(interval));
	}

	/**
	 * Creates a monitor whose probe fits the given dialect of the primary; call {@link #start()}
	 * to begin probing.
	 * @param primary the primary
	 * @param replicas the replicas' pools by name
	 * @param interval time between two probes of the replicas
	 * @param maxLag lag above which a replica gets no reads
	 * @param dialect the primary's dialect, shared with the router that detects or was given it
	 * @param detection when a node that does not answer is DOWN; its probe timeout at most the interval
	 */
	public ReplicaMonitor(DataSource primary, Map<String, DataSource> replicas, Duration interval, Duration maxLag,
			PrimaryDialect dialect, DownDetection detection) {
		String problem = DownDetection.probeTimeoutProblem(detection.probeTimeout(), interval);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		this.detection = detection;
		this.timeoutNanos = detection.probeTimeout().toNanos();
		this.primary = primary;
		this.role = new PrimaryRole(primary);
		this.dialect = dialect;
		this.replicas = new LinkedHashMap<>(replicas);
		this.nodes.put(this.primaryHealth, new NodeProbe(this.primaryHealth, true, detection.misses(true)));
		this.replicas.keySet().forEach((name) -> {
			ReplicaHealth replica = new ReplicaHealth(name);
			this.health.put(name, replica);
			this.nodes.put(replica, new NodeProbe(replica, false, detection.misses(false)));
		});
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
			Duration firstAnswer = this.detection.probeTimeout().multipliedBy(NodeProbe.FIRST_ANSWER_TIMEOUTS);
			this.probeConnections.put(this.primaryHealth,
					ProbeConnections.of(this.primary, "primary", this.detection.probeTimeout(), firstAnswer));
			this.replicas.forEach((name, dataSource) -> this.probeConnections.put(this.health.get(name),
					ProbeConnections.of(dataSource, name, this.detection.probeTimeout(), firstAnswer)));
			// at a fixed rate: a round that waited for a hung node does not push the next one back,
			// so a hang is found within the interval plus the misses
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
	 * Returns the primary's timeline at its last probe (PostgreSQL): causal positions compare only
	 * within one timeline.
	 * @return the timeline, {@link ReplicationProbe#NO_TIMELINE} when unknown or the database has none
	 */
	public int primaryTimeline() {
		return this.primaryTimeline;
	}

	/**
	 * Returns how many times the node configured as the primary was found answering as a standby
	 * (a role change) since start.
	 * @return the count
	 */
	public long roleChanges() {
		return this.role.changes();
	}

	/**
	 * Returns what showed, at the primary's last probe, that it answers as a standby.
	 * @return for example {@code pg_is_in_recovery() = true}, or {@code null} while it answers as the primary
	 */
	public String primaryAnswersAsStandby() {
		return this.role.standby();
	}

	/**
	 * Returns what a replica has replayed, for a causal read that waits for it: its position when
	 * that compares with the primary's (the same timeline), else {@code -1}.
	 * @param probe the probe of this database
	 * @param replica a connection to the replica
	 * @return the position, or {@code -1}
	 * @throws SQLException when the replica cannot answer
	 */
	public long comparableReplayPosition(ReplicationProbe probe, Connection replica) throws SQLException {
		if (!probe.hasTimelines()) {
			return probe.replayPosition(replica);
		}
		ReplicationProbe.Replay replay = probe.replay(replica);
		return comparable(replay.timeline()) ? replay.position() : -1;
	}

	/**
	 * Whether a replica's positions compare with the primary's: the same timeline, or either is
	 * unknown before any change was seen (as on a database without timelines).
	 */
	private boolean comparable(int replicaTimeline) {
		int current = this.primaryTimeline;
		if (current == ReplicationProbe.NO_TIMELINE || replicaTimeline == current) {
			return true;
		}
		return replicaTimeline == ReplicationProbe.NO_TIMELINE && !this.timelineChanged;
	}

	/**
	 * Returns what a causal read whose position was taken on an older timeline of the primary must
	 * see instead: the primary's first position seen on its current timeline. The new timeline forked
	 * from the old one at or below it, so a replica of the new timeline that has replayed it has
	 * every change of the old history that survived the promotion (those beyond the fork were lost
	 * with the old primary, on every node).
	 * @return the position, {@link ReplicationPosition#NONE} before the primary's first answer
	 */
	public ReplicationPosition timelineStart() {
		return this.timelineStart;
	}

	/** Records the primary's timeline; on a change, forgets every position of the old one. */
	private void observeTimeline(int timeline, long position) {
		int previous = this.primaryTimeline;
		if (timeline == ReplicationProbe.NO_TIMELINE || timeline == previous) {
			return;
		}
		String evicted = null;
		if (previous != ReplicationProbe.NO_TIMELINE) {
			// before the new timeline shows: the pool's connections reach the old primary (dead, or of the old
			// history), and work that sees the new timeline must not get one of them
			evicted = this.role.evict();
		}
		// the start first: a read that sees the new timeline must find its start
		this.timelineStart = ReplicationPosition.of(timeline, position);
		this.primaryTimeline = timeline;
		if (previous != ReplicationProbe.NO_TIMELINE) {
			this.timelineChanged = true;
			this.primaryPositions.clear();
			this.health.values().forEach(ReplicaHealth::forgetReplayPosition);
			logger.warn("Primary's timeline changed from " + previous + " to " + timeline + " (a promotion). " + evicted
					+ " Positions of"
					+ " timeline " + previous + " no longer compare. Causal reads whose position was taken before must see"
					+ " the new primary's first position (" + position + ") instead, on a replica of timeline " + timeline
					+ " or else the primary; a replica's positions count again once its probe sees it on timeline "
					+ timeline);
		}
	}

	/**
	 * Returns how long one probe may take before it counts as a miss.
	 * @return {@code tether.replica.probe-timeout}
	 */
	public Duration probeTimeout() {
		return this.detection.probeTimeout();
	}

	/**
	 * Returns when a node that does not answer is DOWN.
	 * @return the probe timeout and the misses of a replica and of the primary
	 */
	public DownDetection downDetection() {
		return this.detection;
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

	/**
	 * Marks a replica down until {@link #release} or the application restarts: its own pool can no
	 * longer give connections (see {@code dev.tether.routing.PoisonedIsolation}), although the
	 * probe, on a pool of its own, would find it answering and readmit it every round, and every
	 * round one read would wait for the dead pool again.
	 * @param name the replica's name
	 * @param problem why, as the health and the Actuator endpoint show it
	 */
	public void holdDown(String name, String problem) {
		ReplicaHealth replica = this.health.get(name);
		if (replica != null) {
			replica.holdDown(problem);
			transition(replica, ReplicaState.DOWN, -1, problem, false);
		}
	}

	/**
	 * Ends a hold that {@link #holdDown} set with this problem; the replica stays DOWN until its
	 * probe readmits it. A hold with another problem stays.
	 * @param name the replica's name
	 * @param problem the problem it was held with
	 */
	public void release(String name, String problem) {
		ReplicaHealth replica = this.health.get(name);
		if (replica != null && replica.release(problem)) {
			logger.info(describeNode(replica) + " may be readmitted by its probe again (was held: " + problem + ")");
		}
	}

	/** Probes the primary, then every replica; the scheduled task, also callable by tests. */
	public void probeAll() {
		try {
			long roundStart = System.nanoTime();
			NodeProbe primaryNode = this.nodes.get(this.primaryHealth);
			Long position = probePrimary(primaryNode, roundStart + this.timeoutNanos);
			// the primary could not be asked this round: nothing newer than the replicas' data is
			// known, so their lag is unknown rather than growing, and they stay routable
			boolean primaryDown = position == null;
			long primaryPosition = primaryDown ? ReplicationProbe.UNKNOWN_POSITION : position;
			ReplicationProbe current = this.probe;
			for (Map.Entry<String, DataSource> replica : this.replicas.entrySet()) {
				NodeProbe node = this.nodes.get(this.health.get(replica.getKey()));
				DataSource dataSource = replica.getValue();
				startIfIdle(node, () -> {
					probe(node, dataSource, current, primaryPosition, primaryDown);
					return null;
				});
			}
			awaitRound(roundStart + this.interval.toNanos());
		}
		catch (Throwable ex) {
			// never let the scheduled task die: the next round tries again
			logger.debug("Replica probe round failed", ex);
		}
	}

	/**
	 * Probes the primary and waits for its answer at most until the given time: its position when
	 * the database has positions, else {@code -1} once it answers; {@code null} when it has not
	 * answered (its probe keeps running, and {@link #awaitRound} judges it).
	 */
	private Long probePrimary(NodeProbe node, long until) throws InterruptedException {
		Future<?> started = startIfIdle(node, () -> {
			if (!this.probeResolved) {
				resolveProbe();
			}
			ReplicationProbe current = this.probe;
			try (Connection connection = probeSource(node.health, this.primary).getConnection()) {
				limit(connection, node);
				long position = -1L;
				if (current == null) {
					valid(connection);
				}
				else {
					long readAt = System.nanoTime();
					ReplicationProbe.PrimaryAnswer answer = current.probePrimary(connection);
					this.role.observe(answer.standby(), this.probeConnections.get(node.health));
					if (answer.standby() != null) {
						// alive, but not the primary: no position to measure replicas by this round
						node.answered();
						transition(node.health, ReplicaState.UP, -1, "answers as a standby (" + answer.standby()
								+ "): a role change; writes reach a primary once its URL does", true);
						return null;
					}
					observeTimeline(answer.timeline(), answer.position());
					long answered = answer.position();
					this.positionsKnown = answered != ReplicationProbe.UNKNOWN_POSITION;
					if (this.positionsKnown) {
						this.primaryPositions.record(answered, readAt);
						position = answered;
					}
				}
				node.answered();
				transition(node.health, ReplicaState.UP, -1, null, true);
				return position;
			}
		});
		if (started == null) {
			// still waiting for an earlier probe: no fresh position this round
			return null;
		}
		try {
			return (Long) started.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// judged with the replicas, in the round's wait
			return null;
		}
	}

	/**
	 * Starts a node's probe on a worker, unless its previous one is still in flight.
	 * @return the probe, or {@code null} when the previous one has not returned
	 */
	private Future<?> startIfIdle(NodeProbe node, Callable<?> work) {
		if (!node.idle()) {
			return null;
		}
		Future<?> future = this.workers.submit(work);
		node.started(future, System.nanoTime());
		return future;
	}

	/**
	 * Waits until every node's probe in flight has answered or been judged, at most until the
	 * round's end: a probe that failed to connect makes its node DOWN at once, one that stays
	 * unanswered makes it DOWN once its misses are due. The earliest due node is waited for first,
	 * so one hung node does not delay the verdict on another.
	 */
	private void awaitRound(long roundEnd) throws InterruptedException {
		List<NodeProbe> open = new ArrayList<>();
		for (NodeProbe node : this.nodes.values()) {
			if (node.pending() != null) {
				open.add(node);
			}
		}
		while (!open.isEmpty()) {
			long now = System.nanoTime();
			open.removeIf((node) -> judged(node, now));
			if (open.isEmpty() || now - roundEnd >= 0) {
				return;
			}
			NodeProbe next = null;
			long wakeAt = roundEnd;
			for (NodeProbe node : open) {
				long due = node.downAt(this.timeoutNanos);
				if (due - wakeAt < 0) {
					wakeAt = due;
					next = node;
				}
			}
			Future<?> waitedFor = ((next != null) ? next : open.get(0)).pending();
			try {
				waitedFor.get(Math.max(0, wakeAt - now), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// judged at the top of the loop
			}
		}
	}

	/**
	 * Judges a node's probe now: done (answered, or failed), or due DOWN.
	 * @return whether there is nothing more to wait for this round
	 */
	private boolean judged(NodeProbe node, long now) {
		Future<?> pending = node.pending();
		if (pending.isDone()) {
			Throwable failure = failure(pending);
			if (failure != null && !timedOut(failure)) {
				transition(node.health, ReplicaState.DOWN, -1, describe(failure), unreachable(failure));
				return true;
			}
			// answered (the worker set the state), or timed out: the silence goes on, judged below
		}
		if (node.due(now, this.timeoutNanos) && (!pending.isDone() || failure(pending) != null)) {
			transition(node.health, ReplicaState.DOWN, -1, "no answer to " + node.requiredMisses()
					+ " probes in a row of " + this.timeoutNanos / 1_000_000 + " ms each, and no work completed on it"
					+ " (tether.replica.probe-timeout, tether.replica." + (node.primary ? "primary-" : "")
					+ "down-after-missed-probes)", true);
			return true;
		}
		return pending.isDone();
	}

	private static Throwable failure(Future<?> done) {
		try {
			done.get();
			return null;
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (InterruptedException | java.util.concurrent.CancellationException ex) {
			return ex;
		}
	}

	/**
	 * Bounds every wait of a probe's connection: the network timeout is what ends a read from a hung
	 * host, so the worker ends too. One probe timeout past the node's misses: the round's wait
	 * decides DOWN, this only frees the worker (a probe that times out leaves the silence running).
	 */
	private void limit(Connection connection, NodeProbe node) throws SQLException {
		try {
			connection.setNetworkTimeout(this.workers,
					(int) Math.max(1, (node.requiredMisses() + 1) * this.detection.probeTimeout().toMillis()));
		}
		catch (java.sql.SQLFeatureNotSupportedException ex) {
			// the driver has no network timeout: the wait above still bounds the probe thread
		}
	}

	/** {@link Connection#isValid} for databases without a replication probe; no answer in time is a timeout. */
	private void valid(Connection connection) throws SQLException {
		if (!connection.isValid(queryTimeoutSeconds())) {
			throw new java.sql.SQLTimeoutException("Connection.isValid() answered false");
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

	/**
	 * Whether a probe's failure is only that it did not answer in time (a socket or statement
	 * timeout, a pool that found no connection in time): a miss, not a verdict, since a loaded
	 * machine produces those too. A refused, reset or closed connection is not: that node is DOWN
	 * at once.
	 */
	static boolean timedOut(Throwable failure) {
		boolean timeout = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.ConnectException || cause instanceof java.io.EOFException
					|| (cause instanceof java.net.SocketException)) {
				return false;
			}
			if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.sql.SQLTimeoutException
					|| cause instanceof TimeoutException
					|| (cause instanceof SQLException sql && "57014".equals(sql.getSQLState()))
					|| (cause instanceof java.sql.SQLTransientConnectionException && cause.getCause() == null)) {
				timeout = true;
			}
		}
		return timeout;
	}

	private DataSource probeSource(ReplicaHealth node, DataSource fallback) {
		ProbeConnections own = this.probeConnections.get(node);
		return (own != null) ? own.dataSource() : fallback;
	}

	/** Seconds a probe's statement may run before the driver cancels it: past the misses, like the network timeout. */
	private int queryTimeoutSeconds() {
		long millis = (this.detection.primaryMisses() + 1) * this.detection.probeTimeout().toMillis();
		return (int) Math.max(1, (millis + 999) / 1000);
	}

	/**
	 * @param primaryPosition the primary's position, {@link ReplicationProbe#UNKNOWN_POSITION} when it
	 * has none to compare (or is down)
	 * @param primaryDown whether the primary could not be asked this round
	 */
	private void probe(NodeProbe node, DataSource dataSource, ReplicationProbe current, long primaryPosition,
			boolean primaryDown) throws SQLException {
		ReplicaHealth replica = node.health;
		try (Connection connection = probeSource(replica, dataSource).getConnection()) {
			limit(connection, node);
			if (current == null) {
				valid(connection);
				node.answered();
				transition(replica, ReplicaState.UP, -1, null, true);
				return;
			}
			ReplicationProbe.Replay replay = current.replay(connection);
			node.answered();
			boolean comparable = comparable(replay.timeline());
			replica.positionsComparable(comparable);
			if (comparable) {
				replica.observeReplayPosition(replay.position());
			}
			if (replay.primary() != null) {
				// its URL reaches the promoted primary: it has every change there is, and keeps serving reads
				transition(replica, ReplicaState.UP, 0, "answers as a primary (" + replay.primary()
						+ "): its URL reaches the promoted primary, which serves its reads; lag 0", true);
				return;
			}
			if (replay.notReceiving() != null && !primaryDown) {
				// alive but not receiving: its reads in flight still answer, so they are not aborted
				transition(replica, ReplicaState.DOWN, -1, replay.notReceiving(), false);
				return;
			}
			long lag;
			if (primaryDown) {
				lag = -1;
			}
			else if (comparable && primaryPosition >= 0 && replay.position() >= primaryPosition) {
				// caught up: the replay timestamp only ages while the primary is idle
				lag = 0;
			}
			else {
				// positions of another timeline bound nothing: only the replica's own estimate
				lag = lagBehind(replay, comparable ? primaryPosition : ReplicationProbe.UNKNOWN_POSITION);
			}
			transition(replica, (lag > this.maxLagNanos) ? ReplicaState.LAGGING : ReplicaState.UP, lag, null, true);
		}
		catch (SQLException ex) {
			if (!timedOut(ex) && !unreachable(ex)) {
				// it answered, with an error (not a streaming replica, ...): an answer, not silence
				node.answered();
			}
			throw ex;
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
	private void transition(ReplicaHealth replica, ReplicaState found, long lagNanos, String foundProblem, boolean probed) {
		ReplicaState previous = replica.update(found, lagNanos, foundProblem);
		// what the health stored: a held node stays DOWN with its hold's problem whatever was found,
		// and is logged as it is (not as UP every round); its connections in flight are aborted only
		// when the probe found it unreachable
		ReplicaStatus stored = replica.status();
		ReplicaState state = stored.state();
		String problem = stored.problem();
		if (found == ReplicaState.DOWN && probed) {
			int aborted = replica.inFlight().abortAll(this.workers, (problem != null) ? problem : "its probe failed");
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
			limit(connection, this.nodes.get(this.primaryHealth));
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
