package dev.tether.routing;

import java.time.Duration;

import dev.tether.replica.DownDetection;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Replica health ({@code tether.replica.*}): probing and lag. Where reads go without a replica is
 * routing policy, {@code tether.routing.fallback} ({@link RoutingProperties}); the deprecated
 * {@code tether.replica.fallback} still works for one release.
 * Its defaults equal the builder's ({@link TetherDataSource.Builder#DEFAULT_PROBE_INTERVAL},
 * {@link TetherDataSource.Builder#DEFAULT_DOWN_AFTER_MISSED_PROBES},
 * {@link TetherDataSource.Builder#DEFAULT_MAX_LAG}),
 * written as literals so that the configuration metadata shows them; a test keeps them equal.
 * Validates itself when bound, naming the property to change.
 */
@ConfigurationProperties("tether.replica")
public class ReplicaHealthProperties implements Validator {

	/** Time between two background probes of each replica's health and lag. */
	private Duration probeInterval = Duration.ofMillis(750);

	/**
	 * Maximum time one probe of a node (primary or replica) may take before it counts as a miss;
	 * at least 1ms and at most the probe interval. Default: 400ms, or the probe interval when
	 * shorter: with the default misses a silent node needs 800ms (replica) or 1.2s (primary) without
	 * any answer to be DOWN, which CPU load that delays the probe by hundreds of milliseconds does
	 * not reach.
	 */
	private Duration probeTimeout;

	/**
	 * Number of probe timeouts in a row, with no work completing on the replica either, after which
	 * a replica is DOWN and its connections in flight are aborted; at least 1. A refused or broken
	 * connection makes it DOWN at once; one answer brings it back.
	 */
	private int downAfterMissedProbes = 2;

	/**
	 * Number of probe timeouts in a row, with no work completing on the primary either, after which
	 * the primary is DOWN and work that needs it fails with PrimaryUnavailableException; at least 1.
	 * One more than a replica by default, since a false DOWN of the primary refuses every write.
	 */
	private int primaryDownAfterMissedProbes = 3;

	/** Replay lag above which a replica gets no reads. */
	private Duration maxLag = Duration.ofSeconds(5);

	/**
	 * Where read-only transactions go when no replica is up and fresh enough: primary or fail.
	 * Unset by default: tether.routing.fallback decides, and wins when both are set.
	 */
	private Fallback fallback;

	public Duration getProbeInterval() {
		return this.probeInterval;
	}

	public void setProbeInterval(Duration probeInterval) {
		this.probeInterval = probeInterval;
	}

	public Duration getProbeTimeout() {
		return this.probeTimeout;
	}

	public void setProbeTimeout(Duration probeTimeout) {
		this.probeTimeout = probeTimeout;
	}

	public int getDownAfterMissedProbes() {
		return this.downAfterMissedProbes;
	}

	public void setDownAfterMissedProbes(int downAfterMissedProbes) {
		this.downAfterMissedProbes = downAfterMissedProbes;
	}

	public int getPrimaryDownAfterMissedProbes() {
		return this.primaryDownAfterMissedProbes;
	}

	public void setPrimaryDownAfterMissedProbes(int primaryDownAfterMissedProbes) {
		this.primaryDownAfterMissedProbes = primaryDownAfterMissedProbes;
	}

	public Duration getMaxLag() {
		return this.maxLag;
	}

	public void setMaxLag(Duration maxLag) {
		this.maxLag = maxLag;
	}

	/**
	 * Returns where reads go without a replica, as set under the old name.
	 * @return the fallback, or {@code null} when {@code tether.replica.fallback} is not set
	 * @deprecated since 0.1.0 for removal in the next release: a routing policy, now
	 * {@code tether.routing.fallback} ({@link RoutingProperties#getFallback()})
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "tether.routing.fallback", since = "0.1.0",
			reason = "A routing policy: it moved to the routing settings.")
	public Fallback getFallback() {
		return this.fallback;
	}

	/**
	 * Sets where reads go without a replica, under the old name.
	 * @param fallback the fallback
	 * @deprecated since 0.1.0 for removal in the next release: set {@code tether.routing.fallback}
	 * ({@link RoutingProperties#setFallback(RoutingProperties.Fallback)})
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setFallback(Fallback fallback) {
		this.fallback = fallback;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ReplicaHealthProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ReplicaHealthProperties properties = (ReplicaHealthProperties) target;
		if (properties.getProbeInterval().compareTo(TetherDataSource.Builder.MIN_PROBE_INTERVAL) < 0) {
			errors.reject("tether.replica.probe-interval", "tether.replica.probe-interval must be at least "
					+ TetherDataSource.Builder.MIN_PROBE_INTERVAL.toMillis() + "ms (was " + properties.getProbeInterval() + ")");
		}
		String timeoutProblem = (properties.getProbeTimeout() != null) ? DownDetection
			.probeTimeoutProblem(properties.getProbeTimeout(), properties.getProbeInterval()) : null;
		if (timeoutProblem != null) {
			errors.reject("tether.replica.probe-timeout", timeoutProblem);
		}
		rejectMisses(errors, "tether.replica.down-after-missed-probes", properties.getDownAfterMissedProbes());
		rejectMisses(errors, "tether.replica.primary-down-after-missed-probes",
				properties.getPrimaryDownAfterMissedProbes());
		if (properties.getMaxLag().isNegative()) {
			errors.reject("tether.replica.max-lag", "tether.replica.max-lag must not be negative (was "
					+ properties.getMaxLag() + ")");
		}
	}

	private static void rejectMisses(Errors errors, String property, int misses) {
		String problem = DownDetection.missesProblem(property, misses);
		if (problem != null) {
			errors.reject(property, problem);
		}
	}

	/**
	 * Where reads go when no replica qualifies, under the old name.
	 * @deprecated since 0.1.0 for removal in the next release, with {@code tether.replica.fallback}:
	 * use {@link RoutingProperties.Fallback}
	 */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public enum Fallback {

		/** To the primary, counted as a decision with reason no-replica. */
		PRIMARY,

		/** Nowhere: the transaction fails with NoReplicaAvailableException. */
		FAIL

	}

}
