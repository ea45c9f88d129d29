package dev.tether.metrics;

import dev.tether.replica.ReplicaHealth;
import dev.tether.replica.ReplicaState;
import dev.tether.routing.TetherDataSource;
import dev.tether.replica.ReplicaMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

import javax.sql.DataSource;

/**
 * Gauges of the replica monitor, read when the registry publishes (nothing on the routing path):
 * <ul>
 * <li>{@code tether.replica.lag} (seconds, tag {@code replica}): the last measured replay lag, NaN
 * while unknown;</li>
 * <li>{@code tether.replica.state} (tags {@code replica}, {@code state}): 1 for the replica's
 * current state, 0 for the others, so an alert is {@code tether_replica_state{state="down"} == 1};</li>
 * <li>{@code tether.routing.role-changes} (function counter): times the node configured as the
 * primary was found answering as a standby. The monitor counts; this reads its count, so there is
 * one count source, and the probe's path pays nothing more.</li>
 * </ul>
 */
public class ReplicaHealthMetrics implements MeterBinder {

	private final ObjectProvider<DataSource> dataSources;

	/**
	 * Creates gauges for the replicas of every {@link TetherDataSource} among the given beans.
	 * @param dataSources the application's data sources
	 */
	public ReplicaHealthMetrics(ObjectProvider<DataSource> dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.dataSources.stream(ObjectProvider.UNFILTERED, false).forEach((dataSource) -> {
			TetherDataSource router = TetherDataSource.find(dataSource);
			if (router != null) {
				router.getMonitor().replicas().forEach((replica) -> bind(replica, registry));
				FunctionCounter.builder("tether.routing.role-changes", router.getMonitor(), ReplicaMonitor::roleChanges)
					.description("Times the node configured as the primary answered as a standby (a switchover or"
							+ " failover moved the primary): its pool was evicted, and new connections follow its URL")
					.register(registry);
			}
		});
	}

	private static void bind(ReplicaHealth replica, MeterRegistry registry) {
		Gauge.builder("tether.replica.lag", replica, ReplicaHealthMetrics::lagSeconds)
			.description("Replay lag of the replica at the last probe, NaN while unknown")
			.baseUnit("seconds")
			.tag("replica", replica.name())
			.register(registry);
		for (ReplicaState state : ReplicaState.values()) {
			Gauge.builder("tether.replica.state", replica, (health) -> (health.state() == state) ? 1 : 0)
				.description("1 for the replica's current state (unknown, up, lagging, down), 0 for the others")
				.tag("replica", replica.name())
				.tag("state", state.tagValue())
				.register(registry);
		}
	}

	private static double lagSeconds(ReplicaHealth replica) {
		java.time.Duration lag = replica.status().lag();
		return (lag != null) ? lag.toNanos() / 1e9 : Double.NaN;
	}

}
