package dev.tether.routing;

import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.util.ClassUtils;

/**
 * Asks MySQL Connector/J to keep the session state the server reports with each answer
 * ({@code trackSessionState=true}), on a HikariCP primary that has not started, so that a commit's
 * own GTID reaches Tether ({@code tether.routing.causal-own-gtid}). The property is negotiated at
 * the handshake, so it must be on the connection before the pool opens any: a data-source
 * property of the pool, which Connector/J reads beside the URL's. It costs nothing on MariaDB
 * servers (which track session state too) and changes no behaviour of the connection.
 * <p>
 * Added only where it means exactly that: a {@code jdbc:mysql:} URL served by Connector/J (no
 * other driver class, no {@code dataSourceClassName}, not MariaDB Connector/J's
 * {@code permitMysqlScheme}), and only when the application set {@code trackSessionState}
 * nowhere, neither in the URL nor in the pool's data-source properties: its own value is kept.
 */
final class MySqlSessionTracking {

	static final String PROPERTY = "trackSessionState";

	private static final String URL_PREFIX = "jdbc:mysql:";

	private MySqlSessionTracking() {
	}

	/**
	 * Adds {@code trackSessionState=true} to the pool's data-source properties where it applies.
	 * @return whether it was added
	 */
	static boolean enable(HikariDataSource pool, ClassLoader classLoader) {
		String url = pool.getJdbcUrl();
		if (url == null || !url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length()) || pool.isRunning()
				|| pool.getDataSourceClassName() != null || pool.getDataSource() != null) {
			return false;
		}
		String driver = pool.getDriverClassName();
		String lowerUrl = url.toLowerCase(Locale.ROOT);
		if ((driver != null && !driver.startsWith("com.mysql.")) || lowerUrl.contains("permitmysqlscheme")
				|| !ClassUtils.isPresent("com.mysql.cj.jdbc.Driver", classLoader)) {
			return false;
		}
		if (lowerUrl.contains(PROPERTY.toLowerCase(Locale.ROOT)) || pool.getDataSourceProperties()
			.keySet()
			.stream()
			.anyMatch((key) -> PROPERTY.equalsIgnoreCase(String.valueOf(key)))) {
			return false; // the application's own choice
		}
		try {
			pool.addDataSourceProperty(PROPERTY, "true");
			return true;
		}
		catch (IllegalStateException ex) {
			return false; // sealed: the pool started meanwhile
		}
	}

}
