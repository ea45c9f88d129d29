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

	/**
	 * The read-your-writes session of a thread outside any scope that carries one. It outlives tasks
	 * on pooled threads; that only makes later reads on the thread more careful, never stale.
	 */
	private static final ThreadLocal<CausalSession> THREAD_SESSION = ThreadLocal.withInitial(CausalSession::new);

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

	/**
	 * Returns the read-your-writes session of the current scope, or the thread's own.
	 * @return the session
	 */
	public static CausalSession session() {
		RoutingContext context = CURRENT.get();
		CausalSession session = (context != null) ? context.getSession() : null;
		return (session != null) ? session : THREAD_SESSION.get();
	}

	/**
	 * Enters a scope with its own read-your-writes session (a request, a unit of work); nested
	 * hints are kept.
	 * @param session the session
	 * @return the scope, to be closed in a {@code finally} block or try-with-resources
	 */
	public static Scope openSession(CausalSession session) {
		return open(current().withSession(session));
	}

	/**
	 * What propagation captures: the current context, with the session it uses made explicit so the
	 * task reads its submitter's writes.
	 */
	static RoutingContext capture() {
		RoutingContext context = CURRENT.get();
		if (context != null && context.getSession() != null) {
			return context;
		}
		CausalSession session = THREAD_SESSION.get();
		if (session.isEmpty()) {
			// nothing written yet: nothing to carry, and nothing allocated
			return context;
		}
		return ((context != null) ? context : RoutingContext.DEFAULT).withSession(session);
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
