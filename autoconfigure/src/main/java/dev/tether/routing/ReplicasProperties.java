package dev.tether.routing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Read replicas ({@code tether.replicas.<name>.*}). The type binds {@code tether} because its one
 * property is the map of replicas: every other {@code tether.*} prefix has its own type. Validates
 * itself when bound, so a misconfiguration fails at startup naming the property to change. Its
 * defaults equal the library's ({@link ReplicaSpec#defaults()}), written as literals so that the
 * configuration metadata shows them; a test keeps them equal.
 */
@ConfigurationProperties("tether")
public class ReplicasProperties implements Validator {

	/**
	 * Read replicas, by name. The name is used in pool names, meters and logs: letters, digits,
	 * '-' and '_' only.
	 */
	private Map<String, Replica> replicas = new LinkedHashMap<>();

	public Map<String, Replica> getReplicas() {
		return this.replicas;
	}

	public void setReplicas(Map<String, Replica> replicas) {
		this.replicas = replicas;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ReplicasProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		((ReplicasProperties) target).getReplicas().forEach((name, replica) -> {
			String prefix = "tether.replicas." + name;
			String nameProblem = ReplicaRules.replicaNameProblem(name);
			if (nameProblem != null) {
				errors.reject("tether.replicas.name", nameProblem);
			}
			if (replica.getUrl() == null || replica.getUrl().isBlank()) {
				errors.reject("tether.replicas.url", prefix + ".url is required: set it to the JDBC URL of replica '"
						+ name + "', for example jdbc:postgresql://replica-host:5432/app");
			}
			if (!ReplicaRules.validWeight(replica.getWeight())) {
				errors.reject("tether.replicas.weight", prefix + ".weight " + ReplicaRules.WEIGHT_RULE + " (was "
						+ replica.getWeight() + "); remove the replica to stop sending it reads");
			}
			if (replica.getPool().getMaximumPoolSize() < 1) {
				errors.reject("tether.replicas.pool.maximum-pool-size", prefix
						+ ".pool.maximum-pool-size must be at least 1 (was " + replica.getPool().getMaximumPoolSize() + ")");
			}
			if (replica.getPool().getConnectionTimeout().toMillis() < ReplicaSpec.MIN_CONNECTION_TIMEOUT.toMillis()) {
				errors.reject("tether.replicas.pool.connection-timeout", prefix + ".pool.connection-timeout must be at least "
						+ ReplicaSpec.MIN_CONNECTION_TIMEOUT.toMillis() + "ms, HikariCP's minimum (was "
						+ replica.getPool().getConnectionTimeout().toMillis() + "ms)");
			}
		});
	}

	/**
	 * Returns the replicas as the core takes them, in configuration order.
	 * @return the replicas by name
	 */
	Map<String, ReplicaSpec> toSpecs() {
		Map<String, ReplicaSpec> specs = new LinkedHashMap<>();
		this.replicas.forEach((name, replica) -> specs.put(name, replica.toSpec()));
		return specs;
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

		ReplicaSpec toSpec() {
			return new ReplicaSpec(this.url, this.username, this.password, this.weight, this.pool.getMaximumPoolSize(),
					this.pool.getMinimumIdle(), this.pool.getConnectionTimeout(), this.pool.getIdleTimeout(),
					this.pool.getMaxLifetime());
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
