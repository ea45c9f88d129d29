package dev.tether.routing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Replica health ({@code tether.replica.*}): probing, lag and what happens without a replica.
 * Its defaults equal the builder's ({@link TetherDataSource.Builder#DEFAULT_PROBE_INTERVAL},
 * {@link TetherDataSource.Builder#DEFAULT_MAX_LAG}, {@link ReadPolicy#DEFAULT_FALLBACK_TO_PRIMARY}),
 * written as literals so that the configuration metadata shows them; a test keeps them equal.
 * Validates itself when bound, naming the property to change.
 */
@ConfigurationProperties("tether.replica")
public class ReplicaHealthProperties implements Validator {

	/** Time between two background probes of each replica's health and lag. */
	private Duration probeInterval = Duration.ofSeconds(1);

	/**
	 * How long a node's probe may take before the node is DOWN and the connections in flight on
	 * it are aborted; at most the probe interval. Default: 500ms, or the probe interval when shorter.
	 */
	private Duration probeTimeout;

	/** Replay lag above which a replica gets no reads. */
	private Duration maxLag = Duration.ofSeconds(5);

	/** Where read-only transactions go when no replica is up and fresh enough: primary or fail. */
	private Fallback fallback = Fallback.PRIMARY;

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
		String timeoutProblem = (properties.getProbeTimeout() != null) ? dev.tether.replica.ReplicaMonitor
			.probeTimeoutProblem(properties.getProbeTimeout(), properties.getProbeInterval()) : null;
		if (timeoutProblem != null) {
			errors.reject("tether.replica.probe-timeout", timeoutProblem);
		}
		if (properties.getMaxLag().isNegative()) {
			errors.reject("tether.replica.max-lag", "tether.replica.max-lag must not be negative (was "
					+ properties.getMaxLag() + ")");
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
