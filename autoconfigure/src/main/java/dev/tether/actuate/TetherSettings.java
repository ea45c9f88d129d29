package dev.tether.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.routing.RoutingProperties;
import dev.tether.routing.TetherDataSource;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.core.env.Environment;

/**
 * The effective settings the {@code tether} endpoint shows, by property name, with every
 * password masked whole and the credentials inside URLs masked ({@link CredentialMasker}); the
 * application's {@link SanitizingFunction}s then apply as they do to Spring Boot's own endpoints,
 * so they can hide more, never less.
 */
public class TetherSettings {

	private final RoutingProperties routing;

	private final Environment environment;

	private final Sanitizer sanitizer;

	/**
	 * Creates the settings view.
	 * @param routing the routing properties
	 * @param environment where the other features' switches are read
	 * @param sanitizingFunctions the application's sanitizing functions, in order
	 */
	public TetherSettings(RoutingProperties routing, Environment environment,
			List<SanitizingFunction> sanitizingFunctions) {
		this.routing = routing;
		this.environment = environment;
		this.sanitizer = new Sanitizer(sanitizingFunctions);
	}

	Map<String, RoutingProperties.Replica> replicas() {
		return this.routing.getReplicas();
	}

	/**
	 * Describes the settings in effect.
	 * @param router the router, for the primary's connection settings, or {@code null}
	 * @return the settings by property name, secrets masked
	 */
	Map<String, Object> describe(TetherDataSource router) {
		Map<String, Object> settings = new LinkedHashMap<>();
		HikariDataSource primary = (router != null)
				? DataSourceUnwrapper.unwrap(router.getPrimary(), HikariConfigMXBean.class, HikariDataSource.class) : null;
		if (primary != null) {
			put(settings, "spring.datasource.url", CredentialMasker.maskUrl(primary.getJdbcUrl()));
			put(settings, "spring.datasource.username", primary.getUsername());
			put(settings, "spring.datasource.password", CredentialMasker.maskPassword(primary.getPassword()));
			put(settings, "spring.datasource.hikari.pool-name", primary.getPoolName());
			put(settings, "spring.datasource.hikari.maximum-pool-size", primary.getMaximumPoolSize());
		}
		put(settings, "tether.routing.enabled", this.routing.getRouting().isEnabled());
		put(settings, "tether.routing.classifier-cache-size", this.routing.getRouting().getClassifierCacheSize());
		this.routing.getReplicas().forEach((name, replica) -> {
			String prefix = "tether.replicas." + name + ".";
			put(settings, prefix + "url", CredentialMasker.maskUrl(replica.getUrl()));
			put(settings, prefix + "username", replica.getUsername());
			put(settings, prefix + "password", CredentialMasker.maskPassword(replica.getPassword()));
			put(settings, prefix + "weight", replica.getWeight());
			RoutingProperties.Pool pool = replica.getPool();
			put(settings, prefix + "pool.maximum-pool-size", pool.getMaximumPoolSize());
			put(settings, prefix + "pool.minimum-idle", pool.getMinimumIdle());
			put(settings, prefix + "pool.connection-timeout", format(pool.getConnectionTimeout()));
			put(settings, prefix + "pool.idle-timeout", format(pool.getIdleTimeout()));
			put(settings, prefix + "pool.max-lifetime", format(pool.getMaxLifetime()));
		});
		put(settings, "tether.routing.read-your-writes", this.routing.getRouting().getReadYourWrites().name().toLowerCase(Locale.ROOT));
		put(settings, "tether.routing.causal-wait", format(this.routing.getRouting().getCausalWait()));
		put(settings, "tether.replica.probe-interval", format(this.routing.getReplica().getProbeInterval()));
		put(settings, "tether.replica.max-lag", format(this.routing.getReplica().getMaxLag()));
		put(settings, "tether.replica.fallback", this.routing.getReplica().getFallback().name().toLowerCase(Locale.ROOT));
		put(settings, "tether.guard.unbounded-dml", this.routing.getGuard().getUnboundedDml().name().toLowerCase(Locale.ROOT));
		put(settings, "tether.guard.max-rows-per-transaction", this.routing.getGuard().getMaxRowsPerTransaction());
		put(settings, "tether.guard.max-rows-action", this.routing.getGuard().getMaxRowsAction().name().toLowerCase(Locale.ROOT));
		put(settings, "tether.metrics.enabled", flag("tether.metrics.enabled", true));
		put(settings, "tether.metrics.observations.enabled", flag("tether.metrics.observations.enabled", false));
		return settings;
	}

	/** Formats a duration as it is usually written in properties: {@code 250ms}, {@code 1s}, {@code 30m}. */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis == 0 || millis % 1000 != 0) {
			return millis + "ms";
		}
		long seconds = millis / 1000;
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		return (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

	private boolean flag(String name, boolean defaultValue) {
		return this.environment.getProperty(name, Boolean.class, defaultValue);
	}

	private void put(Map<String, Object> settings, String key, Object value) {
		settings.put(key, this.sanitizer.sanitize(new SanitizableData(null, key, value), true));
	}

}
