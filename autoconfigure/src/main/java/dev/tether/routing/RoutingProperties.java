package dev.tether.routing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Read replicas ({@code tether.replicas.<name>.*}) and read/write routing
 * ({@code tether.routing.*}). Validates itself when bound, so a misconfiguration fails at startup
 * with a message that names the property to change.
 */
@ConfigurationProperties("tether")
public class RoutingProperties implements Validator {

	private static final Pattern REPLICA_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

	/** Largest weight accepted: the balancer precomputes one slot per unit of weight. */
	static final int MAX_WEIGHT = 100;

	/**
	 * Read replicas, by name. The name is used in pool names, meters and logs: letters, digits,
	 * '-' and '_' only.
	 */
	private Map<String, Replica> replicas = new LinkedHashMap<>();

	private final Routing routing = new Routing();

	private final ReplicaHealthSettings replica = new ReplicaHealthSettings();

	private final Guard guard = new Guard();

	public Map<String, Replica> getReplicas() {
		return this.replicas;
	}

	public void setReplicas(Map<String, Replica> replicas) {
		this.replicas = replicas;
	}

	public Routing getRouting() {
		return this.routing;
	}

	public ReplicaHealthSettings getReplica() {
		return this.replica;
	}

	public Guard getGuard() {
		return this.guard;
	}

	@Override
	public boolean supports(Class<?> type) {
		return RoutingProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		RoutingProperties properties = (RoutingProperties) target;
		properties.getReplicas().forEach((name, replica) -> {
			String prefix = "tether.replicas." + name;
			String nameProblem = replicaNameProblem(name);
			if (nameProblem != null) {
				errors.reject("tether.replicas.name", nameProblem);
			}
			if (replica.getUrl() == null || replica.getUrl().isBlank()) {
				errors.reject("tether.replicas.url", prefix + ".url is required: set it to the JDBC URL of replica '"
						+ name + "', for example jdbc:postgresql://replica-host:5432/app");
			}
			String weightProblem = weightProblem(name, replica.getWeight());
			if (weightProblem != null) {
				errors.reject("tether.replicas.weight", weightProblem);
			}
			if (replica.getPool().getMaximumPoolSize() < 1) {
				errors.reject("tether.replicas.pool.maximum-pool-size", prefix
						+ ".pool.maximum-pool-size must be at least 1 (was " + replica.getPool().getMaximumPoolSize() + ")");
			}
			if (replica.getPool().getConnectionTimeout().toMillis() < 250) {
				errors.reject("tether.replicas.pool.connection-timeout", prefix
						+ ".pool.connection-timeout must be at least 250ms, HikariCP's minimum (was "
						+ replica.getPool().getConnectionTimeout().toMillis() + "ms)");
			}
		});
		if (properties.getReplica().getProbeInterval().toMillis() < 10) {
			errors.reject("tether.replica.probe-interval", "tether.replica.probe-interval must be at least 10ms (was "
					+ properties.getReplica().getProbeInterval() + ")");
		}
		if (properties.getReplica().getProbeTimeout() != null && dev.tether.replica.ReplicaMonitor.probeTimeoutProblem(
				properties.getReplica().getProbeTimeout(), properties.getReplica().getProbeInterval()) != null) {
			errors.reject("tether.replica.probe-timeout", dev.tether.replica.ReplicaMonitor.probeTimeoutProblem(
					properties.getReplica().getProbeTimeout(), properties.getReplica().getProbeInterval()));
		}
		if (properties.getReplica().getMaxLag().isNegative()) {
			errors.reject("tether.replica.max-lag", "tether.replica.max-lag must not be negative (was "
					+ properties.getReplica().getMaxLag() + ")");
		}
		if (properties.getRouting().getCausalWait().isNegative()) {
			errors.reject("tether.routing.causal-wait", "tether.routing.causal-wait must not be negative (was "
					+ properties.getRouting().getCausalWait() + ")");
		}
		if (properties.getGuard().getMaxRowsPerTransaction() < 0) {
			errors.reject("tether.guard.max-rows-per-transaction",
					"tether.guard.max-rows-per-transaction must be 0 (no limit) or a positive number of rows (was "
							+ properties.getGuard().getMaxRowsPerTransaction() + ")");
		}
		if (properties.getRouting().getClassifierCacheSize() < 1) {
			errors.reject("tether.routing.classifier-cache-size", "tether.routing.classifier-cache-size must be at least 1 (was "
					+ properties.getRouting().getClassifierCacheSize() + ")");
		}
	}

	/** Returns what is wrong with a replica name, or {@code null} if it is fine. */
	static String replicaNameProblem(String name) {
		if (REPLICA_NAME.matcher(name).matches()) {
			return null;
		}
		return "Replica name '" + name + "' (tether.replicas.[" + name + "]) cannot be used as a pool name or"
				+ " metric tag: use 1 to 63 letters, digits, '-' or '_', starting with a letter or digit, for example"
				+ " tether.replicas.replica-1.url";
	}

	/** Returns what is wrong with a replica's weight, or {@code null} if it is fine. */
	static String weightProblem(String name, int weight) {
		if (weight >= 1 && weight <= MAX_WEIGHT) {
			return null;
		}
		return "tether.replicas." + name + ".weight must be between 1 and " + MAX_WEIGHT + " (was " + weight
				+ "); remove the replica to stop sending it reads";
	}

	/** Routing settings. */
	public static class Routing {

		/** Whether to route reads to replicas and pin transactions to one node. */
		private boolean enabled = true;

		/** Maximum number of distinct SQL statements whose classification is cached. */
		private int classifierCacheSize = 4096;

		/** How reads that follow the same thread's or request's writes see them: causal, window or none. */
		private ReadPolicy.ReadYourWrites readYourWrites = ReadPolicy.ReadYourWrites.CAUSAL;

		/** Maximum time a causal read waits for a replica to replay the session's writes before using the primary. */
		private Duration causalWait = Duration.ofMillis(20);

		/**
		 * How long reads stay on the primary after a write, with read-your-writes = window, or with
		 * causal where replication positions do not compare (no GTIDs, or several GTID domains or sources).
		 */
		private Duration readYourWritesWindow = Duration.ofSeconds(1);

		public ReadPolicy.ReadYourWrites getReadYourWrites() {
			return this.readYourWrites;
		}

		public void setReadYourWrites(ReadPolicy.ReadYourWrites readYourWrites) {
			this.readYourWrites = readYourWrites;
		}

		public Duration getCausalWait() {
			return this.causalWait;
		}

		public void setCausalWait(Duration causalWait) {
			this.causalWait = causalWait;
		}

		public Duration getReadYourWritesWindow() {
			return this.readYourWritesWindow;
		}

		public void setReadYourWritesWindow(Duration readYourWritesWindow) {
			this.readYourWritesWindow = readYourWritesWindow;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getClassifierCacheSize() {
			return this.classifierCacheSize;
		}

		public void setClassifierCacheSize(int classifierCacheSize) {
			this.classifierCacheSize = classifierCacheSize;
		}

	}

	/** Statement guards ({@code tether.guard.*}): limits on what one statement or transaction may change. */
	public static class Guard {

		/**
		 * What to do with an UPDATE or DELETE without a WHERE clause (MySQL: and without LIMIT):
		 * fail refuses it before it is sent, warn logs it, off does not check.
		 */
		private GuardAction unboundedDml = GuardAction.FAIL;

		/**
		 * Most rows one transaction may change, counted from the update counts of its statements;
		 * 0 for no limit. In auto-commit mode each write is its own transaction.
		 */
		private long maxRowsPerTransaction;

		/**
		 * What to do with a transaction that changes more rows than max-rows-per-transaction: fail
		 * rolls it back, warn logs it.
		 */
		private GuardAction maxRowsAction = GuardAction.FAIL;

		public GuardAction getUnboundedDml() {
			return this.unboundedDml;
		}

		public void setUnboundedDml(GuardAction unboundedDml) {
			this.unboundedDml = unboundedDml;
		}

		public long getMaxRowsPerTransaction() {
			return this.maxRowsPerTransaction;
		}

		public void setMaxRowsPerTransaction(long maxRowsPerTransaction) {
			this.maxRowsPerTransaction = maxRowsPerTransaction;
		}

		public GuardAction getMaxRowsAction() {
			return this.maxRowsAction;
		}

		public void setMaxRowsAction(GuardAction maxRowsAction) {
			this.maxRowsAction = maxRowsAction;
		}

		/**
		 * Returns the settings the router applies.
		 * @return the guards
		 */
		public StatementGuards toGuards() {
			return new StatementGuards(this.unboundedDml, this.maxRowsPerTransaction, this.maxRowsAction);
		}

	}

	/** Replica health: probing, lag and what happens without a replica. */
	public static class ReplicaHealthSettings {

		/** Time between two background probes of each replica's health and lag. */
		private Duration probeInterval = Duration.ofSeconds(1);

		/**
		 * How long a node's probe may take before the node is DOWN and the connections in flight on
		 * it are aborted; at most the probe interval. Default: 500ms, or the probe interval when shorter.
		 */
		private Duration probeTimeout;

		/** Replay lag above which a replica gets no reads. */
		private Duration maxLag = Duration.ofSeconds(5);

		public Duration getProbeTimeout() {
			return this.probeTimeout;
		}

		public void setProbeTimeout(Duration probeTimeout) {
			this.probeTimeout = probeTimeout;
		}

		/** Where read-only transactions go when no replica is up and fresh enough: primary or fail. */
		private Fallback fallback = Fallback.PRIMARY;

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

		public Duration getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(Duration maxLag) {
			this.maxLag = maxLag;
		}

		public Fallback getFallback() {
			return this.fallback;
		}

		public void setFallback(Fallback fallback) {
			this.fallback = fallback;
		}

		/** Where reads go when no replica qualifies. */
		public enum Fallback {

			/** To the primary, counted as a decision with reason no-replica. */
			PRIMARY,

			/** Nowhere: the transaction fails with NoReplicaAvailableException. */
			FAIL

		}

	}

	/** One read replica. */
	public static class Replica {

		/** JDBC URL of the replica. */
		private String url;

		/** Login user of the replica. Defaults to the primary's (spring.datasource.username). */
		private String username;

		/** Login password of the replica. Defaults to the primary's (spring.datasource.password). */
		private String password;

		/** Share of read-only transactions this replica gets, relative to the other replicas (1 to 100). */
		private int weight = 1;

		private final Pool pool = new Pool();

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public int getWeight() {
			return this.weight;
		}

		public void setWeight(int weight) {
			this.weight = weight;
		}

		public Pool getPool() {
			return this.pool;
		}

	}

	/** The replica's HikariCP pool. */
	public static class Pool {

		/** Maximum number of connections in the replica's pool. */
		private int maximumPoolSize = 10;

		/** Minimum number of idle connections kept in the replica's pool. Defaults to the maximum. */
		private Integer minimumIdle;

		/**
		 * Maximum time to wait for a connection from the replica's pool before the transaction falls
		 * back to the primary. Short, so that a dead or saturated replica costs little.
		 */
		private Duration connectionTimeout = Duration.ofSeconds(1);

		/** Maximum time a connection may sit idle in the replica's pool. */
		private Duration idleTimeout = Duration.ofMinutes(10);

		/** Maximum lifetime of a connection in the replica's pool. */
		private Duration maxLifetime = Duration.ofMinutes(30);

		public int getMaximumPoolSize() {
			return this.maximumPoolSize;
		}

		public void setMaximumPoolSize(int maximumPoolSize) {
			this.maximumPoolSize = maximumPoolSize;
		}

		public Integer getMinimumIdle() {
			return this.minimumIdle;
		}

		public void setMinimumIdle(Integer minimumIdle) {
			this.minimumIdle = minimumIdle;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

	}

}
