package dev.tether.routing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The driver timeouts Tether gives the replica pools it creates, so that no connection waits on a
 * dead host forever (the drivers' socket timeout is infinite by default): connect and login 5 s,
 * socket 300 s (a backstop; a hung replica is found by the probe and its connections aborted long
 * before). A parameter already in the replica's URL wins: write {@code ?socketTimeout=0} to keep a
 * driver's own default.
 */
final class DriverTimeouts {

	/** Seconds to open a TCP connection and to log in. */
	static final int CONNECT_SECONDS = 5;

	/** Seconds a read from the socket may block. */
	static final int SOCKET_SECONDS = 300;

	private DriverTimeouts() {
	}

	/**
	 * The driver properties to add for a JDBC URL: PostgreSQL {@code connectTimeout},
	 * {@code loginTimeout} and {@code socketTimeout} in seconds; MySQL and MariaDB
	 * {@code connectTimeout} and {@code socketTimeout} in milliseconds. Empty for other drivers
	 * and for each property the URL sets itself.
	 */
	static Map<String, String> forUrl(String url) {
		Map<String, String> timeouts = new LinkedHashMap<>();
		if (url == null) {
			return timeouts;
		}
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith("jdbc:postgresql:")) {
			timeouts.put("connectTimeout", String.valueOf(CONNECT_SECONDS));
			timeouts.put("loginTimeout", String.valueOf(CONNECT_SECONDS));
			timeouts.put("socketTimeout", String.valueOf(SOCKET_SECONDS));
		}
		else if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
			timeouts.put("connectTimeout", String.valueOf(CONNECT_SECONDS * 1000));
			timeouts.put("socketTimeout", String.valueOf(SOCKET_SECONDS * 1000));
		}
		timeouts.keySet().removeIf((name) -> setIn(lower, name.toLowerCase(Locale.ROOT)));
		return timeouts;
	}

	/** Whether the URL's parameters set the property (drivers read their names case-insensitively or not; either way the user chose). */
	private static boolean setIn(String lowerUrl, String lowerName) {
		int query = lowerUrl.indexOf('?');
		if (query < 0) {
			return false;
		}
		for (String parameter : lowerUrl.substring(query + 1).split("[&;]")) {
			if (parameter.startsWith(lowerName + "=")) {
				return true;
			}
		}
		return false;
	}

}
