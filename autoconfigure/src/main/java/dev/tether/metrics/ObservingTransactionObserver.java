package dev.tether.metrics;

import dev.tether.routing.RoutingReason;
import dev.tether.routing.RoutingTarget;
import dev.tether.routing.TransactionObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes every routed transaction with the Micrometer Observation API, so the same
 * instrumentation gives metrics and, when tracing is on, a span per transaction.
 * <p>
 * No scope is opened: the span's parent is whatever observation is current when the transaction
 * pins its node (typically the HTTP request), and a scope, being thread-bound, would be left
 * open on the wrong thread by a transaction ended elsewhere.
 */
public class ObservingTransactionObserver implements TransactionObserver {

	private static final DefaultRoutedTransactionObservationConvention DEFAULT_CONVENTION = new DefaultRoutedTransactionObservationConvention();

	private final ObservationRegistry registry;

	private final RoutedTransactionObservationConvention convention;

	/**
	 * Creates an observer.
	 * @param registry the registry to observe with
	 * @param convention a convention replacing the default one, or {@code null}
	 */
	public ObservingTransactionObserver(ObservationRegistry registry, RoutedTransactionObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public Handle onTransactionStart(RoutingTarget target, String replica, RoutingReason reason) {
		if (this.registry.isNoop()) {
			return null;
		}
		RoutedTransactionContext context = new RoutedTransactionContext(target, replica, reason);
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		if (observation.isNoop()) {
			return null;
		}
		return (committed) -> {
			context.setCommitted(committed);
			observation.stop();
		};
	}

}
