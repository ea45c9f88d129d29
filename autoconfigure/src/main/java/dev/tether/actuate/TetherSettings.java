package dev.tether.actuate;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.routing.TetherDataSource;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * The effective settings the {@code tether} endpoint shows, by property name: the
 * {@code spring.datasource} settings of the primary's pool, then every property of Tether's bound
 * {@code @ConfigurationProperties} objects (given by prefix), walked as the binder
 * binds them, so a new property shows up without being listed here. Every password and secret is
 * masked whole, the credentials inside URLs are masked ({@link CredentialMasker}); the
 * application's {@link SanitizingFunction}s then apply as they do to Spring Boot's own endpoints,
 * so they can hide more, never less.
 */
public class TetherSettings {

	/** Last segments of the property names whose values are masked whole: passwords and keys. */
	private static final Set<String> SECRETS = Set.of("password", "secret", "signing-keys");

	private final Supplier<Map<String, Object>> properties;

	private final Sanitizer sanitizer;

	/**
	 * Creates the settings view.
	 * @param properties Tether's bound {@code @ConfigurationProperties} objects, by prefix
	 * @param sanitizingFunctions the application's sanitizing functions, in order
	 */
	public TetherSettings(Supplier<Map<String, Object>> properties, List<SanitizingFunction> sanitizingFunctions) {
		this.properties = properties;
		this.sanitizer = new Sanitizer(sanitizingFunctions);
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
			put(settings, "spring.datasource.url", primary.getJdbcUrl());
			put(settings, "spring.datasource.username", primary.getUsername());
			put(settings, "spring.datasource.password", primary.getPassword());
			put(settings, "spring.datasource.hikari.pool-name", primary.getPoolName());
			put(settings, "spring.datasource.hikari.maximum-pool-size", primary.getMaximumPoolSize());
		}
		this.properties.get().forEach((prefix, bean) -> walk(settings, prefix, bean));
		return settings;
	}

	/** Puts each bindable property of a properties object, descending into its nested groups and maps. */
	private void walk(Map<String, Object> settings, String prefix, Object bean) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(bean.getClass())) {
			if (property.getReadMethod() == null || "class".equals(property.getName())) {
				continue;
			}
			Object value = read(bean, property);
			String name = prefix + "." + dashed(property.getName());
			if (isGroup(value)) {
				// a nested group (final field, no setter) is bound through its getter
				walk(settings, name, value);
			}
			else if (value instanceof Map<?, ?> map) {
				map.forEach((key, entry) -> {
					if (isGroup(entry)) {
						walk(settings, name + "." + key, entry);
					}
					else {
						put(settings, name + "." + key, entry);
					}
				});
			}
			else if (property.getWriteMethod() != null) {
				put(settings, name, value);
			}
		}
	}

	private static Object read(Object bean, PropertyDescriptor property) {
		try {
			return property.getReadMethod().invoke(bean);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read " + property.getName() + " of " + bean.getClass().getName(), ex);
		}
	}

	/** A group of properties: one of Tether's own JavaBeans, not an enum or a value. */
	private static boolean isGroup(Object value) {
		return value != null && !(value instanceof Enum<?>) && value.getClass().getPackageName().startsWith("dev.tether");
	}

	/** The name as properties write it: {@code maxRowsPerTransaction} is {@code max-rows-per-transaction}. */
	static String dashed(String name) {
		StringBuilder dashed = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				dashed.append('-').append(Character.toLowerCase(c));
			}
			else {
				dashed.append(c);
			}
		}
		return dashed.toString();
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

	/** The value as the endpoint shows it, secrets masked before the application's functions see it. */
	private static Object shown(String key, Object value) {
		String last = key.substring(key.lastIndexOf('.') + 1);
		if (SECRETS.contains(last)) {
			if (value instanceof Collection<?> values) {
				// the number of keys tells nothing, the keys themselves never appear
				return values.stream().map((secret) -> CredentialMasker.MASK).toList();
			}
			return (value != null) ? CredentialMasker.maskPassword(value.toString()) : null;
		}
		if (last.equals("url") && value instanceof String url) {
			return CredentialMasker.maskUrl(url);
		}
		if (value instanceof Duration duration) {
			return format(duration);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		return value;
	}

	private void put(Map<String, Object> settings, String key, Object value) {
		settings.put(key, this.sanitizer.sanitize(new SanitizableData(null, key, shown(key, value)), true));
	}

}
