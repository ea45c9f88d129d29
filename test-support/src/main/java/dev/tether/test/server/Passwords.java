package dev.tether.test.server;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random passwords for the administrators of the embedded database fixtures. Support code of
 * {@code tether-test}, not an API.
 */
public final class Passwords {

	private static final SecureRandom random = new SecureRandom();

	private Passwords() {
	}

	/**
	 * A new random password of 24 URL-safe characters, safe to quote in SQL and connection strings.
	 * @return the password
	 */
	public static String random() {
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
