package dev.tether.routing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Read/write routing ({@code tether.routing.*}, the fallback without replicas included; the causal tokens of
 * {@code tether.routing.causal-token.*} are {@link CausalTokenProperties}). Its defaults equal the
 * builder's ({@link TetherDataSource.Builder}, {@link ReadPolicy#defaults()}), written as literals so
 * that the configuration metadata shows them; a test keeps them equal. Validates itself when bound,
 * naming the property to change.
 */
@ConfigurationProperties("tether.routing")
public class RoutingProperties implements Validator {

	/**
	 * Whether Tether stands in front of the primary DataSource at all: routes reads to replicas,
	 * pins transactions to one node and applies the statement guards (tether.guard.*). false leaves
	 * the DataSource as it is.
	 */
	private boolean enabled = true;

	/**
	 * The DataSource bean to route when the application has several and none is @Primary: its
	 * bean name. Read from the environment when the beans are chosen, before any binding; bound
	 * here for the metadata and the endpoint.
	 */
	private String dataSource;

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

	/**
	 * Where read-only transactions go when no replica is up and fresh enough: primary or fail.
	 * Replaces tether.replica.fallback, and wins over it when both are set.
	 */
	// unset by default (the metadata shows primary), so that tether.replica.fallback still applies
	private Fallback fallback;

	/**
	 * Whether a causal read that follows the session's write learns the write's position from the
	 * commit's own answer instead of asking the primary: MySQL through Connector/J, with
	 * trackSessionState=true on the connection (added to a HikariCP primary on a jdbc:mysql: URL
	 * unless set) and session_track_gtids=OWN_GTID (set by Tether on each primary connection after
	 * its first commit). Elsewhere the read asks the primary once, as with false.
	 */
	private boolean causalOwnGtid = true;

	public boolean isCausalOwnGtid() {
		return this.causalOwnGtid;
	}

	public void setCausalOwnGtid(boolean causalOwnGtid) {
		this.causalOwnGtid = causalOwnGtid;
	}

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

	/**
	 * Returns where reads go without a replica, as set.
	 * @return the fallback, or {@code null} when {@code tether.routing.fallback} is not set (reads
	 * then go to the primary, unless the deprecated {@code tether.replica.fallback} says otherwise)
	 */
	public Fallback getFallback() {
		return this.fallback;
	}

	public void setFallback(Fallback fallback) {
		this.fallback = fallback;
	}

	public String getDataSource() {
		return this.dataSource;
	}

	public void setDataSource(String dataSource) {
		this.dataSource = dataSource;
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

	/**
	 * Returns the read policy these settings make; without {@code tether.routing.fallback}, reads
	 * fall back to the primary.
	 * @return the policy
	 */
	public ReadPolicy toReadPolicy() {
		return readPolicy(this.fallback != Fallback.FAIL);
	}

	/**
	 * Returns the read policy these settings make, with the fallback of the deprecated
	 * {@code tether.replica.fallback} where {@code tether.routing.fallback} is not set.
	 * @param fallback where reads go without a replica ({@code tether.replica.fallback}), or
	 * {@code null}
	 * @return the policy
	 * @deprecated since 0.1.0 for removal in the next release, with {@code tether.replica.fallback}:
	 * use {@link #toReadPolicy()} and {@code tether.routing.fallback}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public ReadPolicy toReadPolicy(ReplicaHealthProperties.Fallback fallback) {
		if (this.fallback != null || fallback == null) {
			return toReadPolicy();
		}
		return readPolicy(fallback == ReplicaHealthProperties.Fallback.PRIMARY);
	}

	private ReadPolicy readPolicy(boolean fallbackToPrimary) {
		return new ReadPolicy(this.readYourWrites, this.causalWait, this.readYourWritesWindow, fallbackToPrimary);
	}

	@Override
	public boolean supports(Class<?> type) {
		return RoutingProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		RoutingProperties properties = (RoutingProperties) target;
		if (properties.getCausalWait().isNegative()) {
			errors.reject("tether.routing.causal-wait", "tether.routing.causal-wait must not be negative (was "
					+ properties.getCausalWait() + ")");
		}
		if (properties.getReadYourWritesWindow().isNegative()) {
			errors.reject("tether.routing.read-your-writes-window",
					"tether.routing.read-your-writes-window must not be negative (was "
							+ properties.getReadYourWritesWindow() + ")");
		}
		if (properties.getClassifierCacheSize() < 1) {
			errors.reject("tether.routing.classifier-cache-size", "tether.routing.classifier-cache-size must be at least 1 (was "
					+ properties.getClassifierCacheSize() + ")");
		}
	}

	/** Where reads go when no replica qualifies. */
	public enum Fallback {

		/** To the primary, counted as a decision with reason no-replica. */
		PRIMARY,

		/** Nowhere: the transaction fails with NoReplicaAvailableException. */
		FAIL

	}

}
