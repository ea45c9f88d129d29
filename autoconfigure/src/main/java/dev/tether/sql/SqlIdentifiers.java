package dev.tether.sql;

import java.util.regex.Pattern;

/**
 * Checks names that Tether writes into SQL itself (table and column names of versioned and bulk
 * updates): values are always bound, names cannot be, so only plain identifiers pass.
 */
public final class SqlIdentifiers {

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private SqlIdentifiers() {
	}

	/**
	 * Returns the name if it is a plain, optionally schema-qualified identifier.
	 * @param name the name
	 * @return the name
	 * @throws IllegalArgumentException naming the rule, for anything else
	 */
	public static String requirePlain(String name) {
		if (name == null || !PLAIN.matcher(name).matches()) {
			throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier (letters, digits, '_',"
					+ " optionally schema-qualified); names are written into the SQL, only values are bound");
		}
		return name;
	}

}
