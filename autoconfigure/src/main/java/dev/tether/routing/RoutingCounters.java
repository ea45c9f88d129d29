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
 * <p>
 * Where Micrometer's routing meters count the same events, they are the one source:
 * {@link #readFrom(RoutingCounts)} makes these counters stop counting and answer from the meters
 * (plus what they counted before, at startup), so every decision is counted once. The meters
 * rather than these counters, because the meters must be real counters for every registry and
 * exporter, while reading them here costs only the endpoint's rare requests.
 */
public class RoutingCounters implements RoutingListener, RoutingCounts {

	private final Map<RoutingReason, LongAdder> primaryDecisions = adders(RoutingReason.class);

	private final Map<RoutingReason, LongAdder> replicaDecisions = adders(RoutingReason.class);

	private final Map<SqlKind, LongAdder> mismatches = adders(SqlKind.class);

	private final LongAdder fallbacks = new LongAdder();

	private final LongAdder replicaRefusals = new LongAdder();

	private final ConcurrentMap<String, ReplicaFallbacks> replicaFallbacks = new ConcurrentHashMap<>();

	private final Clock clock;

	/** The meters that count instead, {@code null} while these counters count themselves. */
	private volatile RoutingCounts source;

	/** Creates counters that time fallbacks with the system clock. */
	public RoutingCounters() {
		this(Clock.systemUTC());
	}

	RoutingCounters(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Stops counting and answers from another source of the same events from now on: the routing
	 * meters, registered as a listener of the same router.
	 * @param source what counts the events from now on
	 */
	public void readFrom(RoutingCounts source) {
		this.source = source;
	}

	@Override
	public void onDecision(RoutingTarget target, String replica, RoutingReason reason) {
		if (this.source != null) {
			return;
		}
		((target == RoutingTarget.PRIMARY) ? this.primaryDecisions : this.replicaDecisions).get(reason).increment();
	}

	@Override
	public void onMismatch(SqlKind kind, String replica) {
		if (this.source != null) {
			return;
		}
		this.mismatches.get(kind).increment();
	}

	@Override
	public void onFallback(String replica, Throwable cause) {
		if (this.source != null) {
			return;
		}
		this.fallbacks.increment();
		this.replicaFallbacks.computeIfAbsent(replica, (name) -> new ReplicaFallbacks())
			.record(new Fallback(this.clock.instant(), FallbackCause.of(cause), cause.getClass().getName()));
	}

	@Override
	public void onReplicaRefusal(String replica, SQLException cause) {
		if (this.source != null) {
			return;
		}
		this.replicaRefusals.increment();
	}

	/**
	 * Returns the number of decisions for a target and reason.
	 * @param target the target
	 * @param reason the reason
	 * @return the count since start
	 */
	@Override
	public long decisions(RoutingTarget target, RoutingReason reason) {
		RoutingCounts meters = this.source;
		return ((target == RoutingTarget.PRIMARY) ? this.primaryDecisions : this.replicaDecisions).get(reason).sum()
				+ ((meters != null) ? meters.decisions(target, reason) : 0);
	}

	/**
	 * Returns the number of decisions for a target, whatever the reason.
	 * @param target the target
	 * @return the count since start
	 */
	public long decisions(RoutingTarget target) {
		long total = 0;
		for (RoutingReason reason : RoutingReason.values()) {
			total += decisions(target, reason);
		}
		return total;
	}

	/**
	 * Returns the number of refused statements of a kind.
	 * @param kind the statement kind
	 * @return the count since start
	 */
	@Override
	public long mismatches(SqlKind kind) {
		RoutingCounts meters = this.source;
		return this.mismatches.get(kind).sum() + ((meters != null) ? meters.mismatches(kind) : 0);
	}

	/**
	 * Returns the number of fallbacks from a replica to the primary.
	 * @return the count since start
	 */
	@Override
	public long fallbacks() {
		RoutingCounts meters = this.source;
		return this.fallbacks.sum() + ((meters != null) ? meters.fallbacks() : 0);
	}

	/**
	 * Returns the number of fallbacks from one replica to the primary.
	 * @param replica the replica's name
	 * @return the count since start
	 */
	@Override
	public long fallbacks(String replica) {
		RoutingCounts meters = this.source;
		ReplicaFallbacks fallbacks = this.replicaFallbacks.get(replica);
		return ((fallbacks != null) ? fallbacks.count.sum() : 0) + ((meters != null) ? meters.fallbacks(replica) : 0);
	}

	/**
	 * Returns the last fallback from one replica to the primary.
	 * @param replica the replica's name
	 * @return the last fallback, or {@code null} if there was none since start
	 */
	@Override
	public Fallback lastFallback(String replica) {
		RoutingCounts meters = this.source;
		Fallback last = (meters != null) ? meters.lastFallback(replica) : null;
		if (last != null) {
			return last;
		}
		ReplicaFallbacks fallbacks = this.replicaFallbacks.get(replica);
		return (fallbacks != null) ? fallbacks.last : null;
	}

	/**
	 * Returns the number of statements a replica refused as writes: routing bugs, or stored
	 * functions that write.
	 * @return the count since start
	 */
	@Override
	public long replicaRefusals() {
		RoutingCounts meters = this.source;
		return this.replicaRefusals.sum() + ((meters != null) ? meters.replicaRefusals() : 0);
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
