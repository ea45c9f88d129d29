package dev.tether.routing;

/**
 * The routing hints of the current scope. Immutable: a nested scope gets a new instance, and the
 * outer one is restored when it ends. The {@link CausalSession} it may carry is the one mutable
 * part, shared on purpose by every thread working for the same request.
 */
public final class RoutingContext {

	/** No hint: the transaction's read-only flag and the SQL decide. */
	public static final RoutingContext DEFAULT = new RoutingContext(false, -1, null);

	private final boolean forceMaster;

	private final long maxLagNanos;

	private final CausalSession session;

	private RoutingContext(boolean forceMaster, long maxLagNanos, CausalSession session) {
		this.forceMaster = forceMaster;
		this.maxLagNanos = maxLagNanos;
		this.session = session;
	}

	/**
	 * Whether everything in this scope must run on the primary.
	 * @return {@code true} inside a {@code @ForceMaster} scope
	 */
	public boolean isForceMaster() {
		return this.forceMaster;
	}

	/**
	 * Returns the replica lag that reads in this scope tolerate.
	 * @return nanoseconds, or {@code -1} for {@code tether.replica.max-lag}
	 */
	public long getMaxLagNanos() {
		return this.maxLagNanos;
	}

	/**
	 * Returns the read-your-writes session of this scope.
	 * @return the session, or {@code null} when the thread's own session applies
	 */
	public CausalSession getSession() {
		return this.session;
	}

	/**
	 * Returns this context with the primary forced.
	 * @return a context whose {@link #isForceMaster()} is {@code true}
	 */
	public RoutingContext withForceMaster() {
		return this.forceMaster ? this : new RoutingContext(true, this.maxLagNanos, this.session);
	}

	/**
	 * Returns this context with a tolerated replica lag.
	 * @param maxLagNanos nanoseconds of lag reads tolerate, {@code -1} for the global setting
	 * @return the new context
	 */
	public RoutingContext withMaxLagNanos(long maxLagNanos) {
		return new RoutingContext(this.forceMaster, maxLagNanos, this.session);
	}

	/**
	 * Returns this context with a read-your-writes session.
	 * @param session the session
	 * @return the new context
	 */
	public RoutingContext withSession(CausalSession session) {
		return new RoutingContext(this.forceMaster, this.maxLagNanos, session);
	}

	@Override
	public String toString() {
		return "RoutingContext[forceMaster=" + this.forceMaster + ", maxLagNanos=" + this.maxLagNanos + "]";
	}

}
