package dev.tether.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a routed transaction; declare a bean of this type to
 * change what {@link DefaultRoutedTransactionObservationConvention} does.
 */
public interface RoutedTransactionObservationConvention extends ObservationConvention<RoutedTransactionContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RoutedTransactionContext;
	}

}
