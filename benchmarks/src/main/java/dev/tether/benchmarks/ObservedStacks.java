package dev.tether.benchmarks;

import java.util.List;

import javax.sql.DataSource;

import dev.tether.metrics.ObservingTransactionObserver;
import dev.tether.metrics.RoutingMeters;
import dev.tether.routing.TetherDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * Tether with its observability switched on, built as the auto-configuration builds it: the
 * Micrometer listener ({@code tether.metrics.enabled}, the default), and in addition the
 * observation of every transaction handled by Micrometer's default meter handler
 * ({@code tether.metrics.observations.enabled}).
 */
final class ObservedStacks {

	private ObservedStacks() {
	}

	static DataSource withMeters(BenchmarkCluster cluster, String name) {
		return TetherDataSource.builder(cluster.primaryPool("primary-" + name))
			.replica("replica-1", cluster.replicaPool("replica-" + name))
			.listener(new RoutingMeters(new SimpleMeterRegistry(), List.of("replica-1")))
			.build();
	}

	static DataSource withObservations(BenchmarkCluster cluster, String name) {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		return TetherDataSource.builder(cluster.primaryPool("primary-" + name))
			.replica("replica-1", cluster.replicaPool("replica-" + name))
			.listener(new RoutingMeters(meters, List.of("replica-1")))
			.observer(new ObservingTransactionObserver(observations, null))
			.build();
	}

}
