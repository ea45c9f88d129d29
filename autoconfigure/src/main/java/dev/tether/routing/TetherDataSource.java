package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import dev.tether.replica.PrimaryDialect;
import dev.tether.replica.DownDetection;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.sql.SqlClassifier;
import dev.tether.sql.SqlDialect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The routing {@link DataSource}: stands in front of the application's primary
 * ({@code spring.datasource}) and the replicas of {@code tether.replicas}. Its connections are
 * logical: the physical connection is taken at the first statement, when the transaction's
 * read-only flag, any {@code @ForceMaster} scope and the first SQL are known, and the node chosen
 * then holds until the transaction ends.
 * <p>
 * {@link #unwrap(Class)} and {@link #isWrapperFor(Class)} reach the primary, so pool metrics and
 * migration tools find the real primary pool. With no replica configured, connections come
 * straight from the primary.
 * <p>
 * The SQL dialect (PostgreSQL, or MySQL and MariaDB) is read from the primary's JDBC metadata at
 * the first routed connection, not configured: creating the router takes no connection, so an
 * application starts while its primary is briefly down.
 */
public class TetherDataSource extends DelegatingDataSource implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(TetherDataSource.class);

	private final List<ReplicaPool> replicas;

	private final ReadRouting readRouting;

	private final CausalReads causal;

	private final ReplicaFailover failover;

	/** The primary's dialect, given to the builder or detected once, shared with the replica monitor. */
	private final PrimaryDialect primaryDialect;

	private final int classifierCacheSize;

	private final RoutingListener listener;

	private final TransactionObserver observer;

	/** Scalar metadata of the primary (product name, driver version, ...), see RoutingDatabaseMetaData. */
	private final PrimaryFacts primaryFacts;

	/**
	 * Guards the one-time resolution, which opens a primary connection: a lock rather than a
	 * monitor, so that a virtual thread waiting for it or holding it during that I/O does not pin its
	 * carrier on Java 21 (monitors stopped pinning only in Java 24).
	 */
	private final ReentrantLock resolution = new ReentrantLock();

	/** Set once, with the classifier, before the first routed connection exists. */
	private volatile RoutingCore core;

	private final ReplicaMonitor monitor;

	private final ReadPolicy readPolicy;

	private final StatementGuard guard;

	/**
	 * The classifier of the primary's dialect: no dialect is a safe default for another (PostgreSQL
	 * rules hide MySQL writes behind "--1" or backslash-escaped quotes, and the reverse), so it is only
	 * known once the primary has been asked. Every logical connection is created after that.
	 */
	private volatile SqlClassifier classifier;

	private volatile SqlDialect dialect;

	TetherDataSource(DataSource primary, List<ReplicaPool> replicas, PrimaryDialect dialect, int classifierCacheSize,
			RoutingListener listener, TransactionObserver observer, ReplicaMonitor monitor, ReadPolicy readPolicy,
			StatementGuards guards, boolean causalOwnGtid) {
		super(primary);
		this.replicas = List.copyOf(replicas);
		this.causal = new CausalReads(readPolicy, monitor, primary, causalOwnGtid);
		this.failover = new ReplicaFailover(monitor, listener);
		this.readRouting = new ReadRouting(new ReadSelector(this.replicas), this.causal, this.failover, monitor,
				readPolicy.fallbackToPrimary());
		this.primaryDialect = dialect;
		this.classifierCacheSize = classifierCacheSize;
		this.listener = listener;
		this.observer = observer;
		this.monitor = monitor;
		this.readPolicy = readPolicy;
		this.guard = new StatementGuard(guards, listener);
		this.primaryFacts = new PrimaryFacts(primary);
	}

	/**
	 * Starts building a router in front of the given primary, for applications that wire their
	 * data sources by hand; Spring Boot applications get one from the auto-configuration.
	 * @param primary the primary
	 * @return a builder
	 */
	public static Builder builder(DataSource primary) {
		return new Builder(primary);
	}

	/**
	 * Returns the router a data source is or wraps, for code that gets the {@code DataSource}
	 * bean (which a proxy may wrap) and needs the router's nodes.
	 * @param dataSource the data source
	 * @return the router, or {@code null} when it is not one and does not wrap one
	 */
	public static TetherDataSource find(DataSource dataSource) {
		if (dataSource instanceof TetherDataSource router) {
			return router;
		}
		try {
			// A router answers unwrap() for its own type before delegating to the primary.
			return dataSource.isWrapperFor(TetherDataSource.class) ? dataSource.unwrap(TetherDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		// nothing to route or guard: the pool's own connection, except inside a retry boundary, where
		// the logical connection settles the outcome of a commit whose answer is lost
		if (this.replicas.isEmpty() && !this.guard.settings().active() && !CommitSettling.isActive()) {
			return obtainTargetDataSource().getConnection();
		}
		return new RoutingConnection(core());
	}

	/**
	 * Returns a connection to the primary for the given credentials, without routing: replicas are
	 * configured with their own credentials, so other credentials can only mean the primary.
	 */
	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return obtainTargetDataSource().getConnection(username, password);
	}

	/**
	 * Returns the primary.
	 * @return the data source this router stands in front of
	 */
	public DataSource getPrimary() {
		return obtainTargetDataSource();
	}

	/**
	 * Returns the names of the configured replicas, in configuration order.
	 * @return the replica names, empty when there is none
	 */
	public List<String> getReplicaNames() {
		return this.replicas.stream().map(ReplicaPool::name).toList();
	}

	/**
	 * Returns the replicas' weights: their shares of read-only transactions.
	 * @return the weight of each replica by name, in configuration order, empty when there is none
	 */
	public Map<String, Integer> getReplicaWeights() {
		Map<String, Integer> weights = new LinkedHashMap<>();
		this.replicas.forEach((replica) -> weights.put(replica.name(), replica.weight()));
		return java.util.Collections.unmodifiableMap(weights);
	}

	/**
	 * Returns the monitor that keeps the replicas' health and lag.
	 * @return the monitor
	 */
	public ReplicaMonitor getMonitor() {
		return this.monitor;
	}

	/**
	 * Returns the replicas' pools by name, for pool metrics and health checks; connections taken
	 * from them directly bypass routing.
	 * @return the replicas' data sources, in configuration order, empty when there is none
	 */
	public Map<String, DataSource> getReplicas() {
		Map<String, DataSource> replicas = new LinkedHashMap<>();
		this.replicas.forEach((replica) -> replicas.put(replica.name(), replica.dataSource()));
		return java.util.Collections.unmodifiableMap(replicas);
	}

	/**
	 * Stops the replica probe and closes the replica pools, then the primary if it can be closed.
	 * In a Spring application the auto-configuration calls it when the primary bean is destroyed.
	 */
	@Override
	public void close() {
		this.monitor.close();
		for (ReplicaPool replica : this.replicas) {
			closeQuietly(replica.dataSource(), "replica '" + replica.name() + "'");
		}
		closeQuietly(obtainTargetDataSource(), "primary");
	}

	/** The classifier of the primary's dialect; only called by connections, which exist after it is known. */
	SqlClassifier classifier() {
		return this.classifier;
	}

	/** The primary's SQL dialect, {@code null} until the first routed connection. */
	SqlDialect sqlDialect() {
		return this.dialect;
	}

	/**
	 * Returns the statement guards every connection of this router applies.
	 * @return the guards' settings
	 */
	public StatementGuards getGuards() {
		return this.guard.settings();
	}

	/** Read-your-writes of this router, for causal tokens. */
	CausalReads causalReads() {
		return this.causal;
	}

	/**
	 * Spring asks a new connection for its auto-commit mode and isolation before its first
	 * statement; they are read once from a real primary connection, as Spring's
	 * LazyConnectionDataSourceProxy does, so the logical connection can answer without one. The
	 * same connection tells the SQL dialect. Until that succeeds, no logical connection exists.
	 */
	private RoutingCore core() throws SQLException {
		RoutingCore current = this.core;
		if (current == null) {
			this.resolution.lock();
			try {
				current = this.core;
				if (current == null) {
					DataSource primary = obtainTargetDataSource();
					try (Connection connection = primary.getConnection()) {
						ConnectionDefaults defaults = new ConnectionDefaults(connection.getAutoCommit(),
								connection.getTransactionIsolation());
						SqlDialect detected = dialectOf(this.primaryDialect.resolve(connection));
						this.classifier = SqlClassifier.caching(detected.classifier(), this.classifierCacheSize);
						this.dialect = detected;
						StatementIntake intake = new StatementIntake(this.classifier, this.guard, detected);
						current = new RoutingCore(primary, defaults, !this.replicas.isEmpty(), intake, this.guard,
								detected, this.readRouting, this.causal, this.failover, this.listener, this.observer,
								this.primaryFacts);
					}
					this.core = current;
				}
			}
			finally {
				this.resolution.unlock();
			}
		}
		return current;
	}

	private static SqlDialect dialectOf(PrimaryDialect.Detected detected) {
		String product = detected.productName();
		SqlDialect dialect = detected.dialect();
		if (dialect == null) {
			logger.info("Tether knows no SQL dialect for database product '" + product
					+ "': classifying statements with the PostgreSQL rules");
			return SqlDialect.POSTGRESQL;
		}
		logger.debug("SQL dialect of the primary (" + product + "): " + dialect);
		return dialect;
	}

	private static void closeQuietly(DataSource dataSource, String description) {
		if (dataSource instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.warn("Could not close the " + description + " data source", ex);
			}
		}
	}

	@Override
	public String toString() {
		return "TetherDataSource[replicas=" + getReplicaNames() + "]";
	}

	/**
	 * Builds a {@link TetherDataSource} by hand. Its defaults are the library's own (the
	 * {@code DEFAULT_*} constants here, {@link ReadPolicy#defaults()}, {@link StatementGuards#defaults()});
	 * Spring Boot's properties default to the same values. Each method checks its argument and
	 * throws {@link IllegalArgumentException} naming the method.
	 */
	public static final class Builder {

		/** Default number of distinct statements whose classification is cached: 4096. */
		public static final int DEFAULT_CLASSIFIER_CACHE_SIZE = 4096;

		/**
		 * Default time between two probes of each node's health and lag: 750 ms. A node that hangs
		 * right after answering is found at its next probe plus the misses (750 + 2 x 400 ms for a
		 * replica), which keeps a read caught on it under 2 s with the failover (issue 13's figure;
		 * at 1 s the slowest read of an endless partition measured 1.9-2.0 s).
		 */
		public static final java.time.Duration DEFAULT_PROBE_INTERVAL = java.time.Duration.ofMillis(750);

		/** Shortest probe interval accepted: a tighter loop would load the replicas for nothing. */
		public static final java.time.Duration MIN_PROBE_INTERVAL = java.time.Duration.ofMillis(10);

		/**
		 * Default time one probe may take before it counts as a miss: 400 ms, or the probe interval
		 * when that is shorter ({@link DownDetection} says why).
		 */
		public static final java.time.Duration DEFAULT_PROBE_TIMEOUT = DownDetection.DEFAULT_PROBE_TIMEOUT;

		/** Default probe timeouts in a row after which a silent replica is DOWN: 2. */
		public static final int DEFAULT_DOWN_AFTER_MISSED_PROBES = DownDetection.DEFAULT_REPLICA_MISSES;

		/** Default probe timeouts in a row after which a silent primary is DOWN: 3. */
		public static final int DEFAULT_PRIMARY_DOWN_AFTER_MISSED_PROBES = DownDetection.DEFAULT_PRIMARY_MISSES;

		/** Default replay lag above which a replica gets no reads: 5 s. */
		public static final java.time.Duration DEFAULT_MAX_LAG = java.time.Duration.ofSeconds(5);

		/** By default a commit's own GTID, where the driver reports it, spares the next read its question to the primary. */
		public static final boolean DEFAULT_CAUSAL_OWN_GTID = true;

		/** Default weight of a replica: 1. */
		public static final int DEFAULT_WEIGHT = 1;

		/** Largest weight of a replica: the balancer precomputes one slot per unit of weight. */
		public static final int MAX_WEIGHT = ReplicaRules.MAX_WEIGHT;

		private final DataSource primary;

		private final List<ReplicaPool> replicas = new java.util.ArrayList<>();

		private final List<RoutingListener> listeners = new java.util.ArrayList<>();

		private TransactionObserver observer;

		private int classifierCacheSize = DEFAULT_CLASSIFIER_CACHE_SIZE;

		private java.time.Duration probeInterval = DEFAULT_PROBE_INTERVAL;

		private java.time.Duration maxLag = DEFAULT_MAX_LAG;

		private java.time.Duration probeTimeout;

		private int downAfterMissedProbes = DEFAULT_DOWN_AFTER_MISSED_PROBES;

		private int primaryDownAfterMissedProbes = DEFAULT_PRIMARY_DOWN_AFTER_MISSED_PROBES;

		private ReadPolicy readPolicy = ReadPolicy.defaults();

		private SqlDialect dialect;

		private StatementGuards guards = StatementGuards.defaults();

		private boolean causalOwnGtid = DEFAULT_CAUSAL_OWN_GTID;

		private Builder(DataSource primary) {
			this.primary = primary;
		}

		/**
		 * Adds a replica with weight 1.
		 * @param name the replica's name (letters, digits, '-' and '_')
		 * @param dataSource its pool; closed with the router
		 * @return this builder
		 */
		public Builder replica(String name, DataSource dataSource) {
			return replica(name, dataSource, DEFAULT_WEIGHT);
		}

		/**
		 * Adds a replica.
		 * @param name the replica's name (letters, digits, '-' and '_')
		 * @param dataSource its pool; closed with the router
		 * @param weight its share of reads relative to the other replicas, 1 to 100
		 * @return this builder
		 */
		public Builder replica(String name, DataSource dataSource, int weight) {
			if (!ReplicaRules.validName(name)) {
				throw new IllegalArgumentException("replica(name, ...): replica name '" + name
						+ "' cannot be used as a pool name or metric tag: " + ReplicaRules.NAME_RULE);
			}
			if (!ReplicaRules.validWeight(weight)) {
				throw new IllegalArgumentException("replica(name, dataSource, weight): the weight of replica '" + name
						+ "' " + ReplicaRules.WEIGHT_RULE + " (was " + weight + ")");
			}
			java.util.Objects.requireNonNull(dataSource, "replica(name, dataSource): dataSource must not be null");
			this.replicas.add(new ReplicaPool(name, weight, dataSource, null));
			return this;
		}

		/**
		 * Adds a listener of routing events.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(RoutingListener listener) {
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Sets the observer of routed transactions, replacing any previous one.
		 * @param observer the observer, or {@code null} for none
		 * @return this builder
		 */
		public Builder observer(TransactionObserver observer) {
			this.observer = observer;
			return this;
		}

		/**
		 * Sets how many distinct statements' classifications are cached (default
		 * {@link #DEFAULT_CLASSIFIER_CACHE_SIZE}).
		 * @param size at least 1
		 * @return this builder
		 */
		public Builder classifierCacheSize(int size) {
			if (size < 1) {
				throw new IllegalArgumentException("classifierCacheSize(int): must be at least 1 (was " + size + ")");
			}
			this.classifierCacheSize = size;
			return this;
		}

		/**
		 * Sets how often the replicas' health and lag are probed (default {@link #DEFAULT_PROBE_INTERVAL}).
		 * @param interval the probe interval, at least {@link #MIN_PROBE_INTERVAL}
		 * @return this builder
		 */
		public Builder probeInterval(java.time.Duration interval) {
			java.util.Objects.requireNonNull(interval, "probeInterval(Duration): interval must not be null");
			if (interval.compareTo(MIN_PROBE_INTERVAL) < 0) {
				throw new IllegalArgumentException("probeInterval(Duration): must be at least "
						+ MIN_PROBE_INTERVAL.toMillis() + "ms (was " + interval + ")");
			}
			this.probeInterval = interval;
			return this;
		}

		/**
		 * Sets how long one probe of a node (primary or replica) may take before it counts as a miss
		 * (default {@link #DEFAULT_PROBE_TIMEOUT}, or the probe interval when shorter).
		 * @param timeout the probe timeout, at least 1 ms and at most the probe interval (checked at
		 * {@link #build()}); {@code null} for the default
		 * @return this builder
		 */
		public Builder probeTimeout(java.time.Duration timeout) {
			if (timeout != null && timeout.toMillis() < 1) {
				throw new IllegalArgumentException("probeTimeout(Duration): must be at least 1ms (was " + timeout + ")");
			}
			this.probeTimeout = timeout;
			return this;
		}

		/**
		 * Sets after how many probe timeouts in a row, with no work completing on it either, a
		 * replica is DOWN and its connections in flight are aborted (default
		 * {@link #DEFAULT_DOWN_AFTER_MISSED_PROBES}). A refused or broken connection makes it DOWN at once.
		 * @param misses at least 1
		 * @return this builder
		 */
		public Builder downAfterMissedProbes(int misses) {
			if (misses < 1) {
				throw new IllegalArgumentException("downAfterMissedProbes(int): must be at least 1 (was " + misses + ")");
			}
			this.downAfterMissedProbes = misses;
			return this;
		}

		/**
		 * Sets after how many probe timeouts in a row, with no work completing on it either, the
		 * primary is DOWN and work that needs it is refused (default
		 * {@link #DEFAULT_PRIMARY_DOWN_AFTER_MISSED_PROBES}: one more than a replica, since a false
		 * DOWN of the primary refuses every write).
		 * @param misses at least 1
		 * @return this builder
		 */
		public Builder primaryDownAfterMissedProbes(int misses) {
			if (misses < 1) {
				throw new IllegalArgumentException("primaryDownAfterMissedProbes(int): must be at least 1 (was " + misses + ")");
			}
			this.primaryDownAfterMissedProbes = misses;
			return this;
		}

		/**
		 * Fixes the SQL dialect of statements instead of reading it from the primary's JDBC
		 * metadata, for drivers or proxies that report an unexpected product name.
		 * @param dialect the dialect, or {@code null} to detect it (the default)
		 * @return this builder
		 */
		public Builder sqlDialect(SqlDialect dialect) {
			this.dialect = dialect;
			return this;
		}

		/**
		 * Sets the lag above which a replica gets no reads (default {@link #DEFAULT_MAX_LAG}).
		 * @param maxLag the maximum lag, zero or positive
		 * @return this builder
		 */
		public Builder maxLag(java.time.Duration maxLag) {
			java.util.Objects.requireNonNull(maxLag, "maxLag(Duration): maxLag must not be null");
			if (maxLag.isNegative()) {
				throw new IllegalArgumentException("maxLag(Duration): must not be negative (was " + maxLag + ")");
			}
			this.maxLag = maxLag;
			return this;
		}

		/**
		 * Sets the statement guards (default {@link StatementGuards#defaults()}: {@code UPDATE} and
		 * {@code DELETE} without {@code WHERE} refused, no row limit). They apply with or without
		 * replicas; with no replica and every guard off, connections come straight from the primary.
		 * @param guards the guards
		 * @return this builder
		 */
		public Builder guards(StatementGuards guards) {
			this.guards = java.util.Objects.requireNonNull(guards, "guards(StatementGuards): guards must not be null");
			return this;
		}

		/**
		 * Sets how reads follow writes and what happens without a replica.
		 * @param readPolicy the policy
		 * @return this builder
		 */
		public Builder readPolicy(ReadPolicy readPolicy) {
			this.readPolicy = java.util.Objects.requireNonNull(readPolicy, "readPolicy(ReadPolicy): readPolicy must not be null");
			return this;
		}

		/**
		 * Sets whether a causal read that follows the session's write learns the write's position
		 * from the commit's own answer where the driver has it, instead of asking the primary (default
		 * {@link #DEFAULT_CAUSAL_OWN_GTID}, on). Today only MySQL through Connector/J has it, on
		 * connections with the property {@code trackSessionState=true} (which Spring Boot's
		 * auto-configuration adds to a HikariCP primary on a {@code jdbc:mysql:} URL); Tether sets
		 * {@code session_track_gtids=OWN_GTID} on each primary connection after its first commit.
		 * Elsewhere, and whenever a commit's answer names no position of the primary's GTID source,
		 * the read asks the primary once, as with this off.
		 * @param causalOwnGtid whether to read the commit's own GTID
		 * @return this builder
		 */
		public Builder causalOwnGtid(boolean causalOwnGtid) {
			this.causalOwnGtid = causalOwnGtid;
			return this;
		}

		/**
		 * Builds the router and starts probing its replicas. It takes no connection from the
		 * primary until its first {@code getConnection()}.
		 * @return the router
		 */
		public TetherDataSource build() {
			RoutingListener listener = this.listeners.isEmpty() ? new RoutingListener() { }
					: CompositeRoutingListener.of(this.listeners);
			Map<String, DataSource> byName = new java.util.LinkedHashMap<>();
			this.replicas.forEach((replica) -> byName.put(replica.name(), replica.dataSource()));
			PrimaryDialect dialect = new PrimaryDialect(this.dialect);
			java.time.Duration timeout = (this.probeTimeout != null) ? this.probeTimeout
					: DownDetection.defaultProbeTimeout(this.probeInterval);
			String problem = DownDetection.probeTimeoutProblem(timeout, this.probeInterval);
			if (problem != null) {
				throw new IllegalArgumentException("build(): " + problem);
			}
			ReplicaMonitor monitor = new ReplicaMonitor(this.primary, byName, this.probeInterval, this.maxLag, dialect,
					new DownDetection(timeout, this.downAfterMissedProbes, this.primaryDownAfterMissedProbes));
			List<ReplicaPool> pools = this.replicas.stream()
				.map((replica) -> new ReplicaPool(replica.name(), replica.weight(), replica.dataSource(),
						monitor.health(replica.name())))
				.toList();
			TetherDataSource router = new TetherDataSource(this.primary, pools, dialect, this.classifierCacheSize,
					listener, this.observer, monitor, this.readPolicy, this.guards, this.causalOwnGtid);
			monitor.start();
			return router;
		}

	}

	/** What a fresh connection of the primary's pool looks like. */
	record ConnectionDefaults(boolean autoCommit, int transactionIsolation) {

	}

}
