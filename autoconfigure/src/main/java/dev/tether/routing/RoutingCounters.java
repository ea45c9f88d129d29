package dev.tether.routing;

import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.tether.sql.SqlKind;

/**
 * Counts routing events since start, without any metrics library: decisions per target and
 * reason, mismatches per statement kind, and fallbacks. Thread-safe and allocation-free on the
 * routing path.
 */
public class RoutingCounters implements RoutingListener {

	private final Map<RoutingReason, LongAdder> primaryDecisions = adders(RoutingReason.class);

	private final Map<RoutingReason, LongAdder> replicaDecisions = adders(RoutingReason.class);

	private final Map<SqlKind, LongAdder> mismatches = adders(SqlKind.class);

	private final LongAdder fallbacks = new LongAdder();

	private final LongAdder replicaRefusals = new LongAdder();

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

}
