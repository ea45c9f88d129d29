package dev.tether.routing;

import java.util.Locale;

import dev.tether.replica.ReplicationPosition;

/**
 * Read-your-writes across threads and services: a token carries the replication position a
 * session's reads must see. Read it after writing ({@link #current()}), send it along (the
 * {@value #HEADER} header, which {@code CausalTokenFilter} and {@code CausalTokenInterceptor}
 * handle for Spring MVC and {@code RestClient}), and restore it where the reads happen
 * ({@link #open(String)}). Tokens are opaque; a malformed one is ignored, never an error.
 */
public class CausalTokens {

	/** The HTTP header that carries a token between services. */
	public static final String HEADER = "Tether-Causal-Token";

	private static final String PREFIX = "1.";

	private final TetherDataSource router;

	/**
	 * Creates tokens for a router.
	 * @param router the router whose primary positions the tokens carry
	 */
	public CausalTokens(TetherDataSource router) {
		this.router = router;
	}

	/**
	 * Returns the token of the current session.
	 * @return the token, or {@code null} when the session has written nothing
	 */
	public String current() {
		ReplicationPosition position = this.router.causalReads().position(RoutingContextHolder.session(), null);
		return position.isKnown() ? PREFIX + Long.toHexString(position.value()) : null;
	}

	/**
	 * Opens a scope with a session whose reads see at least what the token says.
	 * @param token a token from {@link #current()}, or {@code null}
	 * @return the scope, to be closed in a {@code finally} block or try-with-resources
	 */
	public RoutingContextHolder.Scope open(String token) {
		CausalSession session = new CausalSession();
		long position = parse(token);
		if (position >= 0) {
			session.require(position);
		}
		return RoutingContextHolder.openSession(session);
	}

	static long parse(String token) {
		if (token == null || !token.startsWith(PREFIX) || token.length() > PREFIX.length() + 16) {
			return -1;
		}
		try {
			return Long.parseUnsignedLong(token.substring(PREFIX.length()).toLowerCase(Locale.ROOT), 16);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
