package dev.tether.metrics;

import java.sql.SQLException;
import java.util.List;

import dev.tether.routing.FallbackCause;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.RoutingListener;
import dev.tether.routing.RoutingReason;
import dev.tether.routing.RoutingTarget;
import dev.tether.sql.SqlKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One source of routing counts: with the meters, the endpoint's counters answer from them and
 * count nothing themselves, so each decision is counted once; without, the counters count.
 */
class RoutingCountsTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void withTheMetersEachDecisionIsCountedOnceAndTheCountersReadIt() {
		RoutingCounters counters = new RoutingCounters();
		counters.onDecision(RoutingTarget.PRIMARY, null, RoutingReason.READ_WRITE); // at startup, before the meters
		RoutingMeters meters = new RoutingMeters(this.registry, List.of("replica-1"), counters);
		// both are listeners of the router, as the auto-configuration registers them
		List<RoutingListener> listeners = List.of(counters, meters);
		listeners.forEach((listener) -> listener.onDecision(RoutingTarget.REPLICA, "replica-1", RoutingReason.READ_ONLY));
		listeners.forEach((listener) -> listener.onDecision(RoutingTarget.PRIMARY, null, RoutingReason.READ_WRITE));
		listeners.forEach((listener) -> listener.onMismatch(SqlKind.WRITE, "replica-1"));
		listeners.forEach((listener) -> listener.onFallback("replica-1", new SQLException("refused", "08001")));
		listeners.forEach((listener) -> listener.onReplicaRefusal("replica-1", new SQLException("read-only", "25006")));

		assertThat(this.registry.get("tether.routing.decisions").tags("target", "replica", "reason", "read-only")
			.counter().count()).isEqualTo(1);
		assertThat(counters.decisions(RoutingTarget.REPLICA, RoutingReason.READ_ONLY)).isEqualTo(1);
		assertThat(counters.decisions(RoutingTarget.PRIMARY, RoutingReason.READ_WRITE)).isEqualTo(2);
		assertThat(counters.decisions(RoutingTarget.REPLICA)).isEqualTo(1);
		assertThat(counters.mismatches(SqlKind.WRITE)).isEqualTo(1);
		assertThat(counters.fallbacks()).isEqualTo(1);
		assertThat(counters.fallbacks("replica-1")).isEqualTo(1);
		assertThat(counters.lastFallback("replica-1").cause()).isEqualTo(FallbackCause.CONNECTION_FAILED);
		assertThat(counters.replicaRefusals()).isEqualTo(1);
	}

	@Test
	void withoutTheMetersTheCountersCountThemselves() {
		RoutingCounters counters = new RoutingCounters();
		new RoutingMeters(this.registry, List.of("replica-1"));
		counters.onDecision(RoutingTarget.REPLICA, "replica-1", RoutingReason.READ_ONLY);
		assertThat(counters.decisions(RoutingTarget.REPLICA, RoutingReason.READ_ONLY)).isEqualTo(1);
		assertThat(this.registry.get("tether.routing.decisions").tags("target", "replica", "reason", "read-only")
			.counter().count()).isZero();
	}

}
