package dev.tether.routing;

/**
 * Holds the {@link RoutingContext} of the current thread. Scopes are entered with
 * {@link #open(RoutingContext)} in a try-with-resources block, so the previous context is restored
 * on every exit path; the context crosses threads only through {@link RoutingContextTaskDecorator}
 * or Micrometer context-propagation ({@link RoutingContextAccessor}), never through an
 * {@code InheritableThreadLocal}, which would leak into pooled threads.
 */
public final class RoutingContextHolder {

	private static final ThreadLocal<RoutingContext> CURRENT = new ThreadLocal<>();

	private RoutingContextHolder() {
	}

	/**
	 * Returns the context of the current scope.
	 * @return the current context, {@link RoutingContext#DEFAULT} outside any scope
	 */
	public static RoutingContext current() {
		RoutingContext context = CURRENT.get();
		return (context != null) ? context : RoutingContext.DEFAULT;
	}

	/**
	 * Enters a scope with the given context; closing the returned scope restores the previous one.
	 * @param context the context of the new scope
	 * @return the scope, to be closed in a {@code finally} block or try-with-resources
	 */
	public static Scope open(RoutingContext context) {
		RoutingContext previous = CURRENT.get();
		CURRENT.set(context);
		return new Scope(previous);
	}

	/**
	 * Enters a scope in which everything runs on the primary.
	 * @return the scope, to be closed in a {@code finally} block or try-with-resources
	 */
	public static Scope forceMaster() {
		return open(current().withForceMaster());
	}

	/** The raw value, {@code null} outside any scope: what propagation captures and restores. */
	static RoutingContext get() {
		return CURRENT.get();
	}

	/** Sets or clears the raw value; used by propagation, which restores what it replaced. */
	static void set(RoutingContext context) {
		if (context == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(context);
		}
	}

	/** A routing scope; {@link #close()} restores the context that was current when it opened. */
	public static final class Scope implements AutoCloseable {

		private final RoutingContext previous;

		private Scope(RoutingContext previous) {
			this.previous = previous;
		}

		@Override
		public void close() {
			set(this.previous);
		}

	}

}
