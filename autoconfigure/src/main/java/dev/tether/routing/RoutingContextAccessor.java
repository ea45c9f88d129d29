package dev.tether.routing;

import io.micrometer.context.ThreadLocalAccessor;

/**
 * Lets Micrometer context-propagation ({@code ContextSnapshot}, {@code ContextExecutorService},
 * Reactor, Spring's {@code ContextPropagatingTaskDecorator}) carry the {@link RoutingContext}
 * across threads. Registered through {@code META-INF/services}.
 */
public final class RoutingContextAccessor implements ThreadLocalAccessor<RoutingContext> {

	/** The key under which the context is captured. */
	public static final String KEY = "tether.routing";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public RoutingContext getValue() {
		return RoutingContextHolder.get();
	}

	@Override
	public void setValue(RoutingContext value) {
		RoutingContextHolder.set(value);
	}

	@Override
	public void setValue() {
		RoutingContextHolder.set(null);
	}

}
