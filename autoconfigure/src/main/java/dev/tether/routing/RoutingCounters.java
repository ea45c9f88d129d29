package dev.tether.routing;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import dev.tether.sql.SqlKind;

/**
 * Counts routing events since start, without any metrics library: decisions per target and
 * reason, mismatches per statement kind, and fallbacks per replica, with the last one. What the
 * Actuator endpoint reports. Thread-safe and allocation-free on the routing path (a fallback is
 * off that path: it has just waited for a replica's connection timeout).
 */
public class RoutingCounters implements RoutingListener {

	private final Map<RoutingReason, LongAdder> primaryDecisions = adders(RoutingReason.class);

	private final Map<RoutingReason, LongAdder> replicaDecisions = adders(RoutingReason.class);

	private final Map<SqlKind, LongAdder> mismatches = adders(SqlKind.class);

	private final LongAdder fallbacks = new LongAdder();

	private final LongAdder replicaRefusals = new LongAdder();

	private final ConcurrentMap<String, ReplicaFallbacks> replicaFallbacks = new ConcurrentHashMap<>();

	private final Clock clock;

	/** Creates counters that time fallbacks with the system clock. */
	public RoutingCounters() {
		this(Clock.systemUTC());
	}

	RoutingCounters(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void onDecision(RoutingTarget target, String replica, RoutingReason reason) {
		((target == RoutingTarget.PRIMARY) ? this.primaryDecisions : this.replicaDecisions).get(reason).increment();
	}

	@Override
	public void onMismatch(SqlKind kind, String replica) {
		this.mismatches.get(kind).increment();
	}

	@Override
	public void onFallback(String replica, Throwable cause) {
		this.fallbacks.increment();
		this.replicaFallbacks.computeIfAbsent(replica, (name) -> new ReplicaFallbacks())
			.record(new Fallback(this.clock.instant(), FallbackCause.of(cause), cause.getClass().getName()));
	}

	@Override
	public void onReplicaRefusal(String replica, SQLException cause) {
		this.replicaRefusals.increment();
	}

	/**
	 * Returns the number of decisions for a target and reason.
	 * @param target the target
	 * @param reason the reason
	 * @return the count since start
	 */
	public long decisions(RoutingTarget target, RoutingReason reason) {
		return ((target == RoutingTarget.PRIMARY) ? this.primaryDecisions : this.replicaDecisions).get(reason).sum();
	}

	/**
	 * Returns the number of decisions for a target, whatever the reason.
	 * @param target the target
	 * @return the count since start
	 */
	public long decisions(RoutingTarget target) {
		Map<RoutingReason, LongAdder> map = (target == RoutingTarget.PRIMARY) ? this.primaryDecisions
				: this.replicaDecisions;
		return map.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * Returns the number of refused statements of a kind.
	 * @param kind the statement kind
	 * @return the count since start
	 */
	public long mismatches(SqlKind kind) {
		return this.mismatches.get(kind).sum();
	}

	/**
	 * Returns the number of fallbacks from a replica to the primary.
	 * @return the count since start
	 */
	public long fallbacks() {
		return this.fallbacks.sum();
	}

	/**
	 * Returns the number of fallbacks from one replica to the primary.
	 * @param replica the replica's name
	 * @return the count since start
	 */
	public long fallbacks(String replica) {
		ReplicaFallbacks fallbacks = this.replicaFallbacks.get(replica);
		return (fallbacks != null) ? fallbacks.count.sum() : 0;
	}

	/**
	 * Returns the last fallback from one replica to the primary.
	 * @param replica the replica's name
	 * @return the last fallback, or {@code null} if there was none since start
	 */
	public Fallback lastFallback(String replica) {
		ReplicaFallbacks fallbacks = this.replicaFallbacks.get(replica);
		return (fallbacks != null) ? fallbacks.last : null;
	}

	/**
	 * Returns the number of statements a replica refused as writes: routing bugs, or stored
	 * functions that write.
	 * @return the count since start
	 */
	public long replicaRefusals() {
		return this.replicaRefusals.sum();
	}

	private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
		Map<E, LongAdder> map = new EnumMap<>(type);
		for (E constant : type.getEnumConstants()) {
			map.put(constant, new LongAdder());
		}
		return map;
	}

	/**
	 * One fallback from a replica to the primary. The exception's message is left out: it may
	 * name hosts or users.
	 *
	 * @param at when it happened
	 * @param cause why, classified
	 * @param exception the class name of what the replica's pool threw
	 */
	public record Fallback(Instant at, FallbackCause cause, String exception) {

	}

	private static final class ReplicaFallbacks {

		final LongAdder count = new LongAdder();

		volatile Fallback last;

		void record(Fallback fallback) {
			this.count.increment();
			this.last = fallback;
		}

	}

}
