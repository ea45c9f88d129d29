package dev.tether.routing;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import dev.tether.replica.ReplicationPosition;
import dev.tether.replica.ReplicationProbe;

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
 * <p>
 * A position taken on a known timeline of the primary (PostgreSQL) carries it,
 * {@code 2.<timeline>.<position>} in hex, so that a token made before a promotion is read on the
 * new timeline as the new primary's start ({@link CausalReads#onCurrentTimeline}). Other positions,
 * and tokens of earlier versions, are {@code 1.<position>}: without a timeline, they compare as if
 * taken on the current one.
 */
public class CausalTokens {

	/** The HTTP header that carries a token between services. */
	public static final String HEADER = "Tether-Causal-Token";

	private static final String PREFIX = "1.";

	/** A position with the primary's timeline it was taken on. */
	private static final String TIMELINE_PREFIX = "2.";

	/** "2." + 8 hex digits + "." + 16 hex digits + "." + a 16-byte MAC in unpadded base64url (22 characters). */
	private static final int MAX_SIGNED_LENGTH = 2 + 8 + 1 + 16 + 1 + 22;

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
		String token = (position.timeline() != ReplicationProbe.NO_TIMELINE)
				? TIMELINE_PREFIX + Integer.toHexString(position.timeline()) + "." + Long.toHexString(position.value())
				: PREFIX + Long.toHexString(position.value());
		return (this.signature != null) ? this.signature.sign(token) : token;
	}

	/**
	 * Opens a scope with a session whose reads see at least what the token says.
	 * @param token a token from {@link #current()}, or {@code null}
	 * @return the scope, to be closed in a {@code finally} block or try-with-resources
	 */
	public RoutingContextHolder.Scope open(String token) {
		CausalSession session = new CausalSession();
		String payload = verified(token);
		long position = parse(payload);
		if (position >= 0) {
			session.require(position, timeline(payload));
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

	/** The position of an unsigned token, {@code -1} when it is malformed. */
	static long parse(String token) {
		if (token != null && token.startsWith(TIMELINE_PREFIX)) {
			int dot = token.indexOf('.', TIMELINE_PREFIX.length());
			return (dot < 0 || timeline(token) == ReplicationProbe.NO_TIMELINE) ? -1 : hex(token, dot + 1);
		}
		if (token == null || !token.startsWith(PREFIX)) {
			return -1;
		}
		return hex(token, PREFIX.length());
	}

	/** The timeline of an unsigned token, {@link ReplicationProbe#NO_TIMELINE} when it names none (or is malformed). */
	static int timeline(String token) {
		if (token == null || !token.startsWith(TIMELINE_PREFIX)) {
			return ReplicationProbe.NO_TIMELINE;
		}
		int dot = token.indexOf('.', TIMELINE_PREFIX.length());
		if (dot < 0 || dot - TIMELINE_PREFIX.length() > 8) {
			return ReplicationProbe.NO_TIMELINE;
		}
		try {
			long timeline = Long.parseLong(token.substring(TIMELINE_PREFIX.length(), dot), 16);
			return (timeline > 0 && timeline <= Integer.MAX_VALUE) ? (int) timeline : ReplicationProbe.NO_TIMELINE;
		}
		catch (NumberFormatException ex) {
			return ReplicationProbe.NO_TIMELINE;
		}
	}

	private static long hex(String token, int from) {
		if (token.length() - from > 16) {
			return -1;
		}
		try {
			return Long.parseUnsignedLong(token.substring(from).toLowerCase(Locale.ROOT), 16);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
