package dev.tether.metrics;

import io.micrometer.common.KeyValues;

/**
 * Names the observation {@value #NAME}, with the low-cardinality key values {@code target},
 * {@code replica} ({@code none} for the primary), {@code reason} and {@code outcome}
 * ({@code commit}, {@code rollback}). With Micrometer's default meter handler it becomes the timer
 * {@value #NAME} and the long-task timer {@code tether.routing.transaction.active}, which shows
 * a long transaction while it still holds its node and locks.
 */
public class DefaultRoutedTransactionObservationConvention implements RoutedTransactionObservationConvention {

	/** The observation's name. */
	public static final String NAME = "tether.routing.transaction";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(RoutedTransactionContext context) {
		return "tether " + context.getReason().tagValue() + " on "
				+ ((context.getReplica() != null) ? context.getReplica() : "primary");
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RoutedTransactionContext context) {
		String outcome = (context.getCommitted() == null) ? "unknown" : context.getCommitted() ? "commit" : "rollback";
		return KeyValues.of("target", context.getTarget().tagValue(), "replica",
				(context.getReplica() != null) ? context.getReplica() : RoutingMeters.NO_REPLICA, "reason",
				context.getReason().tagValue(), "outcome", outcome);
	}

}
