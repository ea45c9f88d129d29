package dev.tether.replica;

import java.time.Duration;

/**
 * How the monitor decides that a node which does not answer is DOWN: each probe may take
 * {@code probeTimeout}, and a node is DOWN once it has let {@code replicaMisses} (a replica) or
 * {@code primaryMisses} (the primary) probe timeouts in a row pass unanswered while no work
 * completed on it either. A single answer, from a probe or from real work, ends the streak.
 * <p>
 * Why the defaults, on the default 1 s probe interval: a hang is found within one interval (the
 * wait for the next round) plus the misses, so 1 s + 2 × 400 ms = 1.8 s at most for a replica and
 * 1 s + 3 × 400 ms = 2.2 s for the primary. A false DOWN needs the probe to stay unanswered for
 * 800 ms (replica) or 1.2 s (primary) <em>and</em> no commit to complete on the node meanwhile,
 * which a node serving work under CPU load (a load average of 30 on 2 cores delays a thread by
 * hundreds of milliseconds, not seconds) does not do. The primary gets one miss more than a
 * replica: a false DOWN of the primary refuses every write, one of a replica only moves reads.
 *
 * @param probeTimeout how long one probe may take before it counts as a miss; more than 0 and at
 * most the probe interval
 * @param replicaMisses probe timeouts in a row after which a replica is DOWN, at least 1
 * @param primaryMisses probe timeouts in a row after which the primary is DOWN, at least 1
 */
public record DownDetection(Duration probeTimeout, int replicaMisses, int primaryMisses) {

	/** Default probe timeout: 400 ms, or the probe interval when that is shorter. */
	public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofMillis(400);

	/** Default probe timeouts in a row after which a replica is DOWN: 2. */
	public static final int DEFAULT_REPLICA_MISSES = 2;

	/** Default probe timeouts in a row after which the primary is DOWN: 3, one more than a replica. */
	public static final int DEFAULT_PRIMARY_MISSES = 3;

	/**
	 * Checks the settings.
	 * @throws IllegalArgumentException naming the setting that is out of range
	 */
	public DownDetection {
		if (probeTimeout == null || probeTimeout.toMillis() < 1) {
			throw new IllegalArgumentException("probeTimeout must be at least 1ms (was " + probeTimeout + ")");
		}
		if (replicaMisses < 1 || primaryMisses < 1) {
			throw new IllegalArgumentException("missed probes must be at least 1 (were " + replicaMisses + " for a replica, "
					+ primaryMisses + " for the primary)");
		}
	}

	/**
	 * Returns the defaults for a probe interval.
	 * @param interval the probe interval
	 * @return {@link #DEFAULT_PROBE_TIMEOUT} (or the interval when shorter) and the default misses
	 */
	public static DownDetection defaults(Duration interval) {
		return new DownDetection(defaultProbeTimeout(interval), DEFAULT_REPLICA_MISSES, DEFAULT_PRIMARY_MISSES);
	}

	/**
	 * Returns the default probe timeout for a probe interval.
	 * @param interval the probe interval
	 * @return {@link #DEFAULT_PROBE_TIMEOUT}, or the interval when shorter
	 */
	public static Duration defaultProbeTimeout(Duration interval) {
		return (interval.compareTo(DEFAULT_PROBE_TIMEOUT) < 0) ? interval : DEFAULT_PROBE_TIMEOUT;
	}

	/**
	 * Returns the problem with a probe timeout, for startup validation.
	 * @param timeout the probe timeout
	 * @param interval the probe interval
	 * @return the problem naming the property and its range, or {@code null} when it is fine
	 */
	public static String probeTimeoutProblem(Duration timeout, Duration interval) {
		if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(interval) > 0) {
			return "tether.replica.probe-timeout must be at least 1ms and at most tether.replica.probe-interval ("
					+ interval + "), but was " + timeout + ": a node's probe must end before the next round starts";
		}
		return null;
	}

	/**
	 * Returns the problem with a number of missed probes, for startup validation.
	 * @param property the property's name
	 * @param misses its value
	 * @return the problem naming the property and its range, or {@code null} when it is fine
	 */
	public static String missesProblem(String property, int misses) {
		return (misses < 1) ? property + " must be at least 1, but was " + misses : null;
	}

	/**
	 * Returns how many probe timeouts in a row make a node DOWN.
	 * @param primary whether the node is the primary
	 * @return {@link #primaryMisses()} or {@link #replicaMisses()}
	 */
	int misses(boolean primary) {
		return primary ? this.primaryMisses : this.replicaMisses;
	}

}
