package dev.tether.replica;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A MySQL GTID set, as in {@code @@GLOBAL.gtid_executed}: {@code uuid:1-5:7, uuid2:1-3}, with
 * MySQL 8.3's tagged GTIDs ({@code uuid:tag:1-4}) as sources of their own. Positions for the
 * replica monitor come from one source's transaction numbers: on the primary the highest one (every
 * committed transaction of that source is at or below it), on a replica the end of the interval
 * that starts at 1 (a multi-threaded applier may leave gaps above it, and only a gap-free prefix
 * proves that everything up to a number is applied).
 */
final class MySqlGtidSet {

	private final Map<String, List<long[]>> intervals;

	private MySqlGtidSet(Map<String, List<long[]>> intervals) {
		this.intervals = intervals;
	}

	/**
	 * Parses a GTID set; blank means empty.
	 * @throws SQLException when the text is not a GTID set
	 */
	static MySqlGtidSet parse(String text) throws SQLException {
		Map<String, List<long[]>> intervals = new LinkedHashMap<>();
		if (text == null || text.isBlank()) {
			return new MySqlGtidSet(intervals);
		}
		for (String member : text.split(",")) {
			String[] parts = member.trim().split(":");
			if (parts.length < 2 || parts[0].length() != 36) {
				throw new SQLException("Not a MySQL GTID set: '" + member.trim() + "'");
			}
			String source = parts[0].toLowerCase(Locale.ROOT);
			for (int i = 1; i < parts.length; i++) {
				String part = parts[i].trim();
				if (!part.isEmpty() && !Character.isDigit(part.charAt(0))) {
					source = parts[0].toLowerCase(Locale.ROOT) + ":" + part.toLowerCase(Locale.ROOT); // a tag
					continue;
				}
				intervals.computeIfAbsent(source, (key) -> new ArrayList<>()).add(interval(part, member));
			}
		}
		return new MySqlGtidSet(intervals);
	}

	private static long[] interval(String part, String member) throws SQLException {
		try {
			int dash = part.indexOf('-');
			long first = Long.parseLong((dash < 0) ? part : part.substring(0, dash));
			long last = (dash < 0) ? first : Long.parseLong(part.substring(dash + 1));
			if (first < 1 || last < first) {
				throw new NumberFormatException(part);
			}
			return new long[] { first, last };
		}
		catch (NumberFormatException ex) {
			throw new SQLException("Not a MySQL GTID set: '" + member.trim() + "'", ex);
		}
	}

	/** The sources (server UUIDs, or UUID and tag) the set holds transactions of. */
	java.util.Set<String> sources() {
		return this.intervals.keySet();
	}

	/** The highest transaction number of a source; 0 when the set has none of it. */
	long highest(String source) {
		long highest = 0;
		for (long[] interval : this.intervals.getOrDefault(source, List.of())) {
			highest = Math.max(highest, interval[1]);
		}
		return highest;
	}

	/** The last transaction number of a source up to which the set has no gap; 0 when it lacks the first. */
	long gapFreeUpTo(String source) {
		List<long[]> sorted = new ArrayList<>(this.intervals.getOrDefault(source, List.of()));
		sorted.sort((a, b) -> Long.compare(a[0], b[0]));
		long upTo = 0;
		for (long[] interval : sorted) {
			if (interval[0] > upTo + 1) {
				break;
			}
			upTo = Math.max(upTo, interval[1]);
		}
		return upTo;
	}

}
