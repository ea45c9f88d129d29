package dev.tether.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An immutable set of lowercase words, each with an int value, looked up in place in the SQL
 * (a word is {@code s[start, start + len)}): no substring, no hashing of a copy, no allocation.
 * The words are grouped by length and first letter, so a lookup compares the word only with the
 * entries of its own length and initial, usually none or one.
 */
final class WordTable {

	/** Buckets per length: by the first character's low five bits, which tell the letters apart. */
	private static final int BUCKETS = 32;

	/** The words by length, then by {@link #bucket} of their first character; {@code null} where none. */
	private final String[][][] words;

	private final int[][][] values;

	private WordTable(List<String> names, List<Integer> values) {
		int longest = 0;
		for (String name : names) {
			longest = Math.max(longest, name.length());
		}
		this.words = new String[longest + 1][][];
		this.values = new int[longest + 1][][];
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			int len = name.length();
			if (this.words[len] == null) {
				this.words[len] = new String[BUCKETS][];
				this.values[len] = new int[BUCKETS][];
			}
			int bucket = bucket(name.charAt(0));
			String[] group = this.words[len][bucket];
			int size = (group != null) ? group.length : 0;
			this.words[len][bucket] = (group != null) ? Arrays.copyOf(group, size + 1) : new String[1];
			this.values[len][bucket] = (group != null) ? Arrays.copyOf(this.values[len][bucket], size + 1) : new int[1];
			this.words[len][bucket][size] = name;
			this.values[len][bucket][size] = values.get(i);
		}
	}

	/** Case-blind: 'N' and 'n' share a bucket (so do some non-letters, which the comparison tells apart). */
	private static int bucket(char first) {
		return (first | 0x20) & (BUCKETS - 1);
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
	 * hold it. Most words of a statement are in no table: they are turned away by an array load.
	 * @param ignoreCase whether to compare ignoring case (unquoted words, and every MySQL name);
	 * otherwise exactly (PostgreSQL's quoted identifiers)
	 */
	int find(String s, int start, int len, boolean ignoreCase, int absent) {
		if (len >= this.words.length || this.words[len] == null) {
			return absent;
		}
		int bucket = bucket(s.charAt(start));
		String[] group = this.words[len][bucket];
		if (group == null) {
			return absent;
		}
		for (int i = 0; i < group.length; i++) {
			if (ignoreCase ? is(s, start, len, group[i]) : s.startsWith(group[i], start)) {
				return this.values[len][bucket][i];
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
