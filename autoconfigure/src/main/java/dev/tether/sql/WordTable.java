package dev.tether.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An immutable set of lowercase words, each with an int value, looked up in place in the SQL
 * (a word is {@code s[start, start + len)}): no substring, no hashing of a copy, no allocation.
 * The words are grouped by length, so a lookup compares the word only with the few entries of its
 * own length, and most comparisons end at the first character.
 */
final class WordTable {

	private final String[][] words;

	private final int[][] values;

	private final int minLength;

	private WordTable(List<String> names, List<Integer> values) {
		int longest = 0;
		int shortest = Integer.MAX_VALUE;
		for (String name : names) {
			longest = Math.max(longest, name.length());
			shortest = Math.min(shortest, name.length());
		}
		this.words = new String[longest + 1][];
		this.values = new int[longest + 1][];
		this.minLength = shortest;
		for (int i = 0; i < names.size(); i++) {
			int len = names.get(i).length();
			String[] group = (this.words[len] != null) ? Arrays.copyOf(this.words[len], this.words[len].length + 1)
					: new String[1];
			int[] groupValues = (this.values[len] != null) ? Arrays.copyOf(this.values[len], group.length)
					: new int[1];
			group[group.length - 1] = names.get(i);
			groupValues[group.length - 1] = values.get(i);
			this.words[len] = group;
			this.values[len] = groupValues;
		}
	}

	/**
	 * Starts a table.
	 * @return a builder
	 */
	static Builder builder() {
		return new Builder();
	}

	/**
	 * The value of the word {@code s[start, start + len)}, or {@code absent} when the table does not
	 * hold it.
	 * @param ignoreCase whether to compare ignoring case (unquoted words, and every MySQL name);
	 * otherwise exactly (PostgreSQL's quoted identifiers)
	 */
	int find(String s, int start, int len, boolean ignoreCase, int absent) {
		if (len < this.minLength || len >= this.words.length) {
			return absent;
		}
		String[] group = this.words[len];
		if (group == null) {
			return absent;
		}
		for (int i = 0; i < group.length; i++) {
			if (ignoreCase ? is(s, start, len, group[i]) : s.startsWith(group[i], start)) {
				return this.values[len][i];
			}
		}
		return absent;
	}

	/**
	 * Whether the word {@code s[start, start + len)} is {@code lower}, ignoring case. Only valid for the
	 * characters of a word (letters, digits, '_', '$' and non-ASCII): OR-ing 0x20 maps no other one of
	 * them to a lowercase letter.
	 */
	static boolean is(String s, int start, int len, String lower) {
		if (len != lower.length()) {
			return false;
		}
		for (int i = 0; i < len; i++) {
			char c = s.charAt(start + i);
			char e = lower.charAt(i);
			if (c != e && (c | 0x20) != e) {
				return false;
			}
		}
		return true;
	}

	/** Collects the words of a {@link WordTable}. */
	static final class Builder {

		private final List<String> names = new ArrayList<>();

		private final List<Integer> values = new ArrayList<>();

		private Builder() {
		}

		/** Adds words, each with the value; the words must be lowercase and not added before. */
		Builder add(int value, String... words) {
			for (String word : words) {
				if (!word.equals(word.toLowerCase(Locale.ROOT)) || this.names.contains(word)) {
					throw new IllegalArgumentException("'" + word + "' is not lowercase or is listed twice");
				}
				this.names.add(word);
				this.values.add(value);
			}
			return this;
		}

		WordTable build() {
			return new WordTable(this.names, this.values);
		}

	}

}
