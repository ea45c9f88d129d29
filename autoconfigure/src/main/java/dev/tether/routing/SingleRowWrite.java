package dev.tether.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A write that changes at most one row as its text shows, or can be made to by its table's primary
 * key: {@code INSERT INTO t (...) VALUES (...)} with one row of values, or {@code UPDATE t SET ...
 * WHERE k = ? [AND c = ?]...} and {@code DELETE FROM t WHERE k = ? [AND c = ?]...}, what Hibernate
 * writes for an entity. Such a statement can end with {@code RETURNING pg_current_xact_id()} and
 * return one row, the transaction's id ({@link CommitSettling}); a write that could change many
 * rows would return one row per changed row, so it is left alone.
 * <p>
 * Recognised conservatively: any text that could hide a second statement, a comment, a literal or
 * a {@code RETURNING} of its own ({@code ;}, {@code --}, {@code /*}, quotes, {@code $},
 * {@code {}, the word {@code returning}) is not one, nor is any other form ({@code WITH}, {@code
 * ONLY}, {@code INSERT ... SELECT}, several rows of values, {@code ON CONFLICT}). Not matching only
 * costs the query before {@code COMMIT} that the statement would have spared. Hand-written rather
 * than parsed with a SQL parser (JSqlParser and the like): the question is narrow, the answer must
 * err towards "no", and a parser would add a dependency and an object tree to every write for it.
 *
 * @param table the table as written (plain identifiers, at most schema-qualified)
 * @param keyColumns the columns the {@code WHERE} compares with a parameter, lower case; empty for an
 * {@code INSERT}, which changes one row whatever its key
 */
record SingleRowWrite(String table, List<String> keyColumns) {

	private static final String NAME = "[a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?";

	private static final String CONDITION = "(" + NAME + "\\s*=\\s*\\?(?:\\s+and\\s+" + NAME + "\\s*=\\s*\\?)*)";

	private static final Pattern INSERT = Pattern
		.compile("\\s*insert\\s+into\\s+(" + NAME + ")\\s*\\([^()]*\\)\\s*values\\s*\\([^()]*\\)\\s*");

	private static final Pattern UPDATE = Pattern
		.compile("\\s*update\\s+(" + NAME + ")\\s+set\\s+.+\\s+where\\s+" + CONDITION + "\\s*", Pattern.DOTALL);

	private static final Pattern DELETE = Pattern.compile("\\s*delete\\s+from\\s+(" + NAME + ")\\s+where\\s+" + CONDITION
			+ "\\s*");

	private static final Pattern FROM = Pattern.compile("\\bfrom\\b");

	private static final Pattern EQUALITY = Pattern.compile("(" + NAME + ")\\s*=\\s*\\?");

	/**
	 * Reads a statement.
	 * @param sql the statement as the application prepares it
	 * @return the write, or {@code null} when the text does not show a single-row write
	 */
	static SingleRowWrite parse(String sql) {
		if (sql.length() > 8192 || !startsWithWrite(sql)) {
			return null;
		}
		// before lower-casing: a statement that ends with the clause already (VersionedUpdate's, at
		// every attempt) leaves here without allocating
		if (hasWord(sql, "returning")) {
			return null;
		}
		String text = sql.toLowerCase(Locale.ROOT);
		if (hasAnyOf(text)) {
			return null;
		}
		Matcher insert = INSERT.matcher(text);
		if (insert.matches()) {
			return new SingleRowWrite(sql.substring(insert.start(1), insert.end(1)), List.of());
		}
		boolean update = text.charAt(firstLetter(text)) == 'u';
		// UPDATE ... FROM joins other tables: its WHERE may name their keys, not the table's
		if (update && FROM.matcher(text).find()) {
			return null;
		}
		Matcher keyed = update ? UPDATE.matcher(text) : DELETE.matcher(text);
		if (!keyed.matches()) {
			return null;
		}
		String table = sql.substring(keyed.start(1), keyed.end(1));
		String tableName = keyed.group(1).substring(keyed.group(1).lastIndexOf('.') + 1);
		List<String> keys = new ArrayList<>(2);
		Matcher equality = EQUALITY.matcher(keyed.group(2));
		while (equality.find()) {
			String column = equality.group(1);
			int dot = column.lastIndexOf('.');
			// a column may be qualified by its table's name, nothing else
			if (dot >= 0 && !column.substring(0, dot).equals(tableName) && !column.substring(0, dot).equals(keyed.group(1))) {
				return null;
			}
			keys.add(column.substring(dot + 1));
		}
		return new SingleRowWrite(table, List.copyOf(keys));
	}

	/** Whether it is an {@code INSERT} (one row of values), not an {@code UPDATE} or {@code DELETE}. */
	boolean isInsert() {
		return this.keyColumns.isEmpty();
	}

	/** Cheap first look, before anything is lower-cased: reads and other statements stop here. */
	private static boolean startsWithWrite(String sql) {
		int i = firstLetter(sql);
		if (i >= sql.length()) {
			return false;
		}
		char c = Character.toLowerCase(sql.charAt(i));
		return c == 'i' || c == 'u' || c == 'd';
	}

	/**
	 * Whether the text holds the word in any case, not as part of a name ({@code returning_item});
	 * anything but an ASCII letter, digit or underscore ends a word, which errs towards finding it.
	 */
	private static boolean hasWord(String text, String word) {
		int last = text.length() - word.length();
		for (int i = 0; i <= last; i++) {
			if (text.regionMatches(true, i, word, 0, word.length()) && (i == 0 || !isWordChar(text.charAt(i - 1)))
					&& (i == last || !isWordChar(text.charAt(i + word.length())))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isWordChar(char c) {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
	}

	private static int firstLetter(String text) {
		int i = 0;
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean hasAnyOf(String text) {
		for (int i = 0; i < text.length(); i++) {
			switch (text.charAt(i)) {
				case ';', '\'', '"', '$', '{', '\\' -> {
					return true;
				}
				case '-' -> {
					if (i + 1 < text.length() && text.charAt(i + 1) == '-') {
						return true;
					}
				}
				case '/' -> {
					if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
						return true;
					}
				}
				default -> {
				}
			}
		}
		return false;
	}

}
