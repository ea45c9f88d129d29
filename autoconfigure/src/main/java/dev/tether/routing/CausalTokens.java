package dev.tether.routing;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import dev.tether.replica.ReplicationPosition;

/**
 * Read-your-writes across threads and services: a token carries the replication position a
 * session's reads must see. Read it after writing ({@link #current()}), send it along (the
 * {@value #HEADER} header, which {@code CausalTokenFilter} and {@code CausalTokenInterceptor}
 * handle for Spring MVC and {@code RestClient}), and restore it where the reads happen
 * ({@link #open(String)}). Tokens are opaque; a malformed one is ignored, never an error.
 * <p>
 * A token is input from outside: any caller can send the header. With signing keys, tokens carry
 * an HMAC and a token that no key signed is ignored (and counted, {@link #rejected()}), so a
 * caller cannot make up a position that keeps a request's reads on the primary or makes them
 * wait. Without keys, tokens are unsigned and accepted as sent.
 */
public class CausalTokens {

	/** The HTTP header that carries a token between services. */
	public static final String HEADER = "Tether-Causal-Token";

	private static final String PREFIX = "1.";

	/** "1." + 16 hex digits + "." + a 16-byte MAC in unpadded base64url (22 characters). */
	private static final int MAX_SIGNED_LENGTH = 2 + 16 + 1 + 22;

	private final TetherDataSource router;

	private final CausalTokenSignature signature;

	private final LongAdder rejected = new LongAdder();

	/**
	 * Creates unsigned tokens for a router.
	 * @param router the router whose primary positions the tokens carry
	 */
	public CausalTokens(TetherDataSource router) {
		this(router, List.of());
	}

	/**
	 * Creates tokens for a router, signed when keys are given.
	 * @param router the router whose primary positions the tokens carry
	 * @param signingKeys the keys: the first signs, every one verifies (rotation); none: unsigned
	 */
	public CausalTokens(TetherDataSource router, List<String> signingKeys) {
		this.router = router;
		this.signature = CausalTokenSignature.of(signingKeys);
	}

	/**
	 * Returns how many tokens asked for a position the primary had not reached (checked against
	 * the primary once, at the first read that needed it) and were ignored: made-up ones.
	 * @return the count since start
	 */
	public long aheadOfPrimary() {
		return this.router.causalReads().aheadOfPrimary();
	}

	/**
	 * Returns how many tokens were ignored because no signing key had signed them.
	 * @return the count since start
	 */
	public long rejected() {
		return this.rejected.sum();
	}

	/**
	 * Returns the token of the current session.
	 * @return the token, or {@code null} when the session has written nothing
	 */
	public String current() {
		ReplicationPosition position = this.router.causalReads().position(RoutingContextHolder.session(), null);
		if (!position.isKnown()) {
			return null;
		}
		String token = PREFIX + Long.toHexString(position.value());
		return (this.signature != null) ? this.signature.sign(token) : token;
	}

	/**
	 * Opens a scope with a session whose reads see at least what the token says.
	 * @param token a token from {@link #current()}, or {@code null}
	 * @return the scope, to be closed in a {@code finally} block or try-with-resources
	 */
	public RoutingContextHolder.Scope open(String token) {
		CausalSession session = new CausalSession();
		long position = parse(verified(token));
		if (position >= 0) {
			session.require(position);
		}
		return RoutingContextHolder.openSession(session);
	}

	/** The unsigned part of a token that a key signed; the token itself when tokens are unsigned. */
	private String verified(String token) {
		if (token == null || this.signature == null) {
			return token;
		}
		if (token.length() > MAX_SIGNED_LENGTH) {
			// not hashed: a caller must not make each request pay for a long header
			this.rejected.increment();
			return null;
		}
		String payload = this.signature.verify(token);
		if (payload == null) {
			this.rejected.increment();
		}
		return payload;
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
