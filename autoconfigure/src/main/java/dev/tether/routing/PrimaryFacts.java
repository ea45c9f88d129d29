package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

/**
 * Values that are the same for every connection of the primary (product name, driver version,
 * default schema, ...), read once from a real connection and then cached: what a logical
 * connection answers before it holds a physical one. One per router; thread-safe.
 */
final class PrimaryFacts {

	private static final Object NULL = new Object();

	private final DataSource primary;

	private final Map<String, Object> values = new ConcurrentHashMap<>();

	PrimaryFacts(DataSource primary) {
		this.primary = primary;
	}

	/** The cached value of a fact, read from a pooled primary connection the first time. */
	Object get(String key, Reader reader) throws SQLException {
		Object value = this.values.get(key);
		if (value == null) {
			try (Connection connection = this.primary.getConnection()) {
				value = reader.read(connection);
			}
			this.values.put(key, (value != null) ? value : NULL);
		}
		return (value == NULL) ? null : value;
	}

	/**
	 * The cached value of a fact, read from the given primary connection the first time: for a
	 * caller that holds one already (asking the pool for another could wait for the one it holds).
	 */
	Object get(String key, Connection held, Reader reader) throws SQLException {
		Object value = this.values.get(key);
		if (value == null) {
			value = reader.read(held);
			this.values.put(key, (value != null) ? value : NULL);
		}
		return (value == NULL) ? null : value;
	}

	/** Replaces a fact that turned out to have changed (the schema did, say). */
	void replace(String key, Object value) {
		this.values.put(key, (value != null) ? value : NULL);
	}

	/** The value of a fact if it was read already, else {@code null}. */
	Object cached(String key) {
		Object value = this.values.get(key);
		return (value == NULL) ? null : value;
	}

	/** Reads a fact from a primary connection. */
	@FunctionalInterface
	interface Reader {

		Object read(Connection primary) throws SQLException;

	}

}
