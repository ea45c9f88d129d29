package dev.tether.actuate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in settings before anything shows them: whole values for passwords, and the
 * secret parts of JDBC URLs (a password in the user info, {@code user:secret@host}; password-like
 * parameters, {@code ?password=secret}, {@code ;password=secret}; Oracle's
 * {@code thin:user/secret@host}). Spring Boot's sanitizing functions mask a URL whole, which would
 * hide the host an operator needs to see, so this masks only the secret.
 */
final class CredentialMasker {

	/** What a secret is replaced with; the same as Spring Boot's sanitized value. */
	static final String MASK = "******";

	/** A parameter whose name says it holds a secret, and its value up to the next separator. */
	private static final Pattern SECRET_PARAMETER = Pattern
		.compile("(?i)([?&;]\\s*[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|credential)[a-z0-9_.-]*\\s*=)([^&;#]*)");

	private static final Pattern ORACLE_THIN = Pattern.compile("(?i)^(jdbc:oracle:[a-z]+:)([^/@:]*)/([^@]*)@");

	private CredentialMasker() {
	}

	/**
	 * Masks a password setting whole.
	 * @param password the password
	 * @return {@link #MASK}, or {@code null} when no password is set
	 */
	static String maskPassword(String password) {
		return (password != null) ? MASK : null;
	}

	/**
	 * Masks the credentials inside a JDBC URL, keeping the rest readable.
	 * @param url the URL
	 * @return the URL without its secrets, or {@code null} for {@code null}
	 */
	static String maskUrl(String url) {
		if (url == null) {
			return null;
		}
		String masked = maskUserInfo(url);
		Matcher oracle = ORACLE_THIN.matcher(masked);
		if (oracle.find()) {
			masked = oracle.replaceFirst("$1$2/" + Matcher.quoteReplacement(MASK) + "@");
		}
		return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
	}

	/** {@code scheme://user:secret@host/...}: the secret may hold '@' or '/', so the last '@' ends it. */
	private static String maskUserInfo(String url) {
		int start = url.indexOf("//");
		if (start < 0) {
			return url;
		}
		start += 2;
		int end = url.length();
		for (char separator : new char[] { '?', '#', ';' }) {
			int index = url.indexOf(separator, start);
			if (index >= 0 && index < end) {
				end = index;
			}
		}
		int at = url.lastIndexOf('@', end - 1);
		if (at < start) {
			return url;
		}
		int colon = url.indexOf(':', start);
		if (colon < 0 || colon > at) {
			return url;
		}
		return url.substring(0, colon + 1) + MASK + url.substring(at);
	}

}
