package dev.tether.routing;

/**
 * The routing hints of the current scope. Immutable: a nested scope gets a new instance, and the
 * outer one is restored when it ends.
 */
public final class RoutingContext {

	/** No hint: the transaction's read-only flag and the SQL decide. */
	public static final RoutingContext DEFAULT = new RoutingContext(false);

	private static final RoutingContext FORCE_MASTER = new RoutingContext(true);

	private final boolean forceMaster;

	private RoutingContext(boolean forceMaster) {
		this.forceMaster = forceMaster;
	}

	/**
	 * Whether everything in this scope must run on the primary.
	 * @return {@code true} inside a {@code @ForceMaster} scope
	 */
	public boolean isForceMaster() {
		return this.forceMaster;
	}

	/**
	 * Returns this context with the primary forced.
	 * @return a context whose {@link #isForceMaster()} is {@code true}
	 */
	public RoutingContext withForceMaster() {
		return FORCE_MASTER;
	}

	@Override
	public String toString() {
		return "RoutingContext[forceMaster=" + this.forceMaster + "]";
	}

}
