package dev.tether.sql;

/**
 * Checks names that Tether writes into SQL itself (table and column names of versioned and bulk
 * updates): values are always bound, names cannot be, so only plain identifiers pass.
 */
public final class SqlIdentifiers {

	private SqlIdentifiers() {
	}

	/**
	 * Returns the name if it is a plain, optionally schema-qualified identifier.
	 * @param name the name
	 * @return the name
	 * @throws IllegalArgumentException naming the rule, for anything else
	 */
	public static String requirePlain(String name) {
		if (name == null || !isPlain(name)) {
			throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier (letters, digits, '_',"
					+ " optionally schema-qualified); names are written into the SQL, only values are bound");
		}
		return name;
	}

	/**
	 * {@code [A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?}, checked by hand: a versioned update
	 * checks its names on every call, and a regex match allocates a matcher and its groups each
	 * time (~190 B per name).
	 */
	private static boolean isPlain(String name) {
		int parts = 0;
		int start = 0;
		for (int i = 0; i <= name.length(); i++) {
			if (i == name.length() || name.charAt(i) == '.') {
				if (i == start || ++parts > 2) {
					return false;
				}
				start = i + 1;
				continue;
			}
			char c = name.charAt(i);
			boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
			if (!letter && (i == start || c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

}
