package dev.tether.metrics;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import dev.tether.routing.FallbackCause;
import dev.tether.routing.GuardRule;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.RoutingCounts;
import dev.tether.routing.RoutingListener;
import dev.tether.routing.RoutingReason;
import dev.tether.routing.RoutingTarget;
import dev.tether.sql.SqlKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records routing events as Micrometer meters:
 * <ul>
 * <li>{@code tether.routing.decisions} (counter; {@code target}, {@code replica}, {@code reason});</li>
 * <li>{@code tether.routing.mismatches} (counter; {@code kind}, {@code action});</li>
 * <li>{@code tether.guard.violations} (counter; {@code rule}, {@code action});</li>
 * <li>{@code tether.routing.fallbacks} (counter; {@code replica}, {@code cause});</li>
 * <li>{@code tether.routing.refusals} (counter; {@code replica}): statements a replica refused as
 * writes, a routing bug ({@link RoutingListener#onReplicaRefusal});</li>
 * <li>{@code tether.routing.acquisitions} (timer; {@code target}, {@code replica});</li>
 * <li>{@code tether.routing.transactions} (timer; {@code target}, {@code replica}, {@code outcome}).</li>
 * </ul>
 * It runs on the routing path of every transaction, so every meter is registered up front (or,
 * for a replica it was not told about, once) and an event is an array read, a map read for a
 * replica's meters, and an increment: no meter lookup or allocation per event.
 * <p>
 * The meters are also the routing counts the Actuator endpoint reports ({@link RoutingCounts}):
 * given the application's {@link RoutingCounters}, they count in its place, so a decision is
 * counted once.
 */
public class RoutingMeters implements RoutingListener, RoutingCounts {

	/** The {@code replica} tag of the primary's meters. */
	public static final String NO_REPLICA = "none";

	private final MeterRegistry registry;

	private final NodeMeters primary;

	private final ConcurrentMap<String, NodeMeters> replicas = new ConcurrentHashMap<>();

	private final Counter[] mismatches = new Counter[SqlKind.values().length];

	/** Guard violations by rule, refused (index 0) or warned (index 1). */
	private final Counter[][] guardViolations = new Counter[GuardRule.values().length][2];

	/**
	 * Registers the meters of the primary and of the given replicas.
	 * @param registry where to register them
	 * @param replicaNames the configured replicas; others get their meters at their first event
	 */
	public RoutingMeters(MeterRegistry registry, Collection<String> replicaNames) {
		this(registry, replicaNames, null);
	}

	/**
	 * Registers the meters of the primary and of the given replicas, and makes them the source of
	 * the given counters, which stop counting the same events themselves.
	 * @param registry where to register them
	 * @param replicaNames the configured replicas; others get their meters at their first event
	 * @param counters the counters the endpoint reads, or {@code null}
	 */
	public RoutingMeters(MeterRegistry registry, Collection<String> replicaNames, RoutingCounters counters) {
		this.registry = registry;
		this.primary = new NodeMeters(registry, RoutingTarget.PRIMARY, NO_REPLICA);
		replicaNames.forEach((name) -> this.replicas.put(name, new NodeMeters(registry, RoutingTarget.REPLICA, name)));
		for (SqlKind kind : SqlKind.values()) {
			if (!kind.isReplicaSafe()) {
				this.mismatches[kind.ordinal()] = mismatchCounter(kind);
			}
		}
		for (GuardRule rule : GuardRule.values()) {
			this.guardViolations[rule.ordinal()][0] = guardCounter(rule, "refused");
			this.guardViolations[rule.ordinal()][1] = guardCounter(rule, "warned");
		}
		if (counters != null) {
			counters.readFrom(this);
		}
	}

	@Override
	public void onGuardViolation(GuardRule rule, boolean refused) {
		this.guardViolations[rule.ordinal()][refused ? 0 : 1].increment();
	}

	private Counter guardCounter(GuardRule rule, String action) {
		return Counter.builder("tether.guard.violations")
			.description("Statements or transactions that broke a statement guard: refused (the statement was not sent,"
					+ " or the transaction rolled back) or warned (let through and logged)")
			.tags("rule", rule.tagValue(), "action", action)
			.register(this.registry);
	}

	@Override
	public void onDecision(RoutingTarget target, String replica, RoutingReason reason) {
		node(replica).decision(reason).increment();
	}

	@Override
	public void onMismatch(SqlKind kind, String replica) {
		Counter counter = this.mismatches[kind.ordinal()];
		((counter != null) ? counter : mismatchCounter(kind)).increment();
	}

	@Override
	public void onFallback(String replica, Throwable cause) {
		NodeMeters node = node(replica);
		FallbackCause classified = FallbackCause.of(cause);
		node.fallbacks[classified.ordinal()].increment();
		// off the routing path: the replica has just failed to give a connection
		node.lastFallback = new RoutingCounters.Fallback(Instant.now(), classified, cause.getClass().getName());
	}

	@Override
	public void onReplicaRefusal(String replica, SQLException cause) {
		NodeMeters node = node(replica);
		if (node.refusals != null) {
			node.refusals.increment();
		}
	}

	@Override
	public void onAcquired(RoutingTarget target, String replica, long nanos) {
		node(replica).acquisitions.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void onTransactionEnd(RoutingTarget target, String replica, long nanos, boolean committed) {
		NodeMeters node = node(replica);
		(committed ? node.commits : node.rollbacks).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public long decisions(RoutingTarget target, RoutingReason reason) {
		if (target == RoutingTarget.PRIMARY) {
			return this.primary.decisionCount(reason);
		}
		long total = 0;
		for (NodeMeters node : this.replicas.values()) {
			total += node.decisionCount(reason);
		}
		return total;
	}

	@Override
	public long mismatches(SqlKind kind) {
		Counter counter = this.mismatches[kind.ordinal()];
		return (counter != null) ? (long) counter.count() : 0;
	}

	@Override
	public long fallbacks(String replica) {
		NodeMeters node = this.replicas.get(replica);
		return (node != null) ? node.fallbackCount() : 0;
	}

	@Override
	public long fallbacks() {
		long total = 0;
		for (NodeMeters node : this.replicas.values()) {
			total += node.fallbackCount();
		}
		return total;
	}

	@Override
	public RoutingCounters.Fallback lastFallback(String replica) {
		NodeMeters node = this.replicas.get(replica);
		return (node != null) ? node.lastFallback : null;
	}

	@Override
	public long replicaRefusals() {
		long total = 0;
		for (NodeMeters node : this.replicas.values()) {
			total += (node.refusals != null) ? (long) node.refusals.count() : 0;
		}
		return total;
	}

	private NodeMeters node(String replica) {
		if (replica == null) {
			return this.primary;
		}
		NodeMeters meters = this.replicas.get(replica);
		return (meters != null) ? meters
				: this.replicas.computeIfAbsent(replica,
						(name) -> new NodeMeters(this.registry, RoutingTarget.REPLICA, name));
	}

	private Counter mismatchCounter(SqlKind kind) {
		return Counter.builder("tether.routing.mismatches")
			.description("Statements refused before they were sent because the read-only transaction they ran in"
					+ " was routed for reads and they write or lock rows")
			.tags("kind", kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), "action", "refused")
			.register(this.registry);
	}

	/** The meters of one node. */
	private static final class NodeMeters {

		private final MeterRegistry registry;

		private final Tags tags;

		/** By reason; only the reasons that can send work to this kind of node are registered. */
		private final Counter[] decisions = new Counter[RoutingReason.values().length];

		/** By cause; replicas only. */
		private final Counter[] fallbacks;

		/** Replicas only. */
		private final Counter refusals;

		private final Timer acquisitions;

		private final Timer commits;

		private final Timer rollbacks;

		private volatile RoutingCounters.Fallback lastFallback;

		NodeMeters(MeterRegistry registry, RoutingTarget target, String replica) {
			this.registry = registry;
			this.tags = Tags.of("target", target.tagValue(), "replica", replica);
			for (RoutingReason reason : RoutingReason.values()) {
				if (reason.target() == target) {
					this.decisions[reason.ordinal()] = decisionCounter(reason);
				}
			}
			this.fallbacks = new Counter[FallbackCause.values().length];
			if (target == RoutingTarget.REPLICA) {
				for (FallbackCause cause : FallbackCause.values()) {
					this.fallbacks[cause.ordinal()] = Counter.builder("tether.routing.fallbacks")
						.description("Times a replica could not give a connection and the work went to the primary")
						.tags("replica", replica, "cause", cause.tagValue())
						.register(registry);
				}
				this.refusals = Counter.builder("tether.routing.refusals")
					.description("Statements a replica refused because it is read-only (MySQL/MariaDB error 1290,"
							+ " PostgreSQL SQLState 25006) after Tether routed them there: a routing bug, or a stored"
							+ " function that writes")
					.tags("replica", replica)
					.register(registry);
			}
			else {
				this.refusals = null;
			}
			this.acquisitions = Timer.builder("tether.routing.acquisitions")
				.description("Time to take a physical connection from a node's pool")
				.tags(this.tags)
				.register(registry);
			this.commits = transactionTimer("commit");
			this.rollbacks = transactionTimer("rollback");
		}

		long decisionCount(RoutingReason reason) {
			Counter counter = this.decisions[reason.ordinal()];
			return (counter != null) ? (long) counter.count() : 0;
		}

		long fallbackCount() {
			long total = 0;
			for (Counter counter : this.fallbacks) {
				total += (counter != null) ? (long) counter.count() : 0;
			}
			return total;
		}

		Counter decision(RoutingReason reason) {
			Counter counter = this.decisions[reason.ordinal()];
			// A reason that cannot send work to this node never comes; should it, look it up.
			return (counter != null) ? counter : decisionCounter(reason);
		}

		private Counter decisionCounter(RoutingReason reason) {
			return Counter.builder("tether.routing.decisions")
				.description("Routing decisions: where a transaction (at its first statement) or a statement outside"
						+ " a transaction went, and why")
				.tags(this.tags)
				.tag("reason", reason.tagValue())
				.register(this.registry);
		}

		private Timer transactionTimer(String outcome) {
			return Timer.builder("tether.routing.transactions")
				.description("Time a transaction held its node, from its first statement to its commit or rollback")
				.tags(this.tags)
				.tag("outcome", outcome)
				.register(this.registry);
		}

	}

}
