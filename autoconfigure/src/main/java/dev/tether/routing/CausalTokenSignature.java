package dev.tether.routing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs causal tokens with an HMAC-SHA256 so that a caller cannot forge one: a token says which
 * replication position the request's reads must see, and a forged position far ahead would keep
 * every read of the request on the primary or make it wait. The first key signs, every key
 * verifies, so keys rotate without downtime: add the new key second, deploy, move it first,
 * deploy, remove the old one. Immutable and thread-safe.
 */
final class CausalTokenSignature {

	/** Bytes of the MAC kept in the token: 128 bits, as many as forgery resistance needs. */
	private static final int MAC_BYTES = 16;

	private static final String ALGORITHM = "HmacSHA256";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final List<SecretKeySpec> keys;

	private CausalTokenSignature(List<SecretKeySpec> keys) {
		this.keys = keys;
	}

	/**
	 * Returns a signature over the given keys, or {@code null} when there is none (tokens are
	 * then unsigned).
	 */
	static CausalTokenSignature of(List<String> keys) {
		if (keys == null || keys.isEmpty()) {
			return null;
		}
		return new CausalTokenSignature(keys.stream()
			.map((key) -> new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM))
			.toList());
	}

	/** Appends the signature of the first key: {@code payload.mac}. */
	String sign(String payload) {
		return payload + "." + ENCODER.encodeToString(mac(this.keys.get(0), payload));
	}

	/**
	 * Returns the payload of a signed token if any key signed it, else {@code null}.
	 * @param token a token from {@link #sign(String)}, or anything a caller sent
	 */
	String verify(String token) {
		int dot = token.lastIndexOf('.');
		if (dot <= 0) {
			return null;
		}
		String payload = token.substring(0, dot);
		byte[] given;
		try {
			given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		for (SecretKeySpec key : this.keys) {
			// constant time, so the comparison does not tell a forger how much of a MAC was right
			if (MessageDigest.isEqual(mac(key, payload), given)) {
				return payload;
			}
		}
		return null;
	}

	private static byte[] mac(SecretKeySpec key, String payload) {
		try {
			// a Mac is not thread-safe; one per token (a token is made or read once per request)
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			byte[] full = mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
			return java.util.Arrays.copyOf(full, MAC_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}

}
