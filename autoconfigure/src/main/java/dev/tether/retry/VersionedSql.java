package dev.tether.retry;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The text of a {@link VersionedUpdate}'s statement, remembered for the shapes used recently: an
 * application runs a handful of shapes (table, columns, version and key column, the settling's
 * clause) at every attempt, and building the text again each time was the largest of Tether's own
 * allocations per order (about 300 B, the builder's array and its copy). A fixed array of slots by
 * the shape's hash, not a map: a hit compares the shape field by field and allocates nothing; a
 * miss, or two shapes sharing a slot, only builds the text as before. Thread-safe: an entry is
 * immutable and published through the array.
 */
final class VersionedSql {

	private static final int SLOTS = 64;

	static final VersionedSql RECENT = new VersionedSql();

	private final AtomicReferenceArray<Entry> entries = new AtomicReferenceArray<>(SLOTS);

	/**
	 * Returns the statement's text.
	 * @param table the table
	 * @param columns the columns set, in order
	 * @param versionColumn the version column
	 * @param idColumn the key column
	 * @param clause what ends the statement, or {@code null}
	 * @return {@code UPDATE table SET c = ?, ..., version = version + 1 WHERE id = ? AND version = ?}
	 *     and the clause
	 */
	String sql(String table, List<String> columns, String versionColumn, String idColumn, String clause) {
		int hash = table.hashCode() * 31 + versionColumn.hashCode();
		hash = hash * 31 + idColumn.hashCode();
		hash = hash * 31 + ((clause != null) ? clause.hashCode() : 0);
		for (int i = 0; i < columns.size(); i++) {
			hash = hash * 31 + columns.get(i).hashCode();
		}
		int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		Entry entry = this.entries.get(slot);
		if (entry != null && entry.is(table, columns, versionColumn, idColumn, clause)) {
			return entry.sql;
		}
		String sql = build(table, columns, versionColumn, idColumn, clause);
		this.entries.set(slot, new Entry(table, List.copyOf(columns), versionColumn, idColumn, clause, sql));
		return sql;
	}

	private static String build(String table, List<String> columns, String versionColumn, String idColumn,
			String clause) {
		StringBuilder sql = new StringBuilder(64 + 24 * columns.size() + ((clause != null) ? clause.length() : 0));
		sql.append("UPDATE ").append(table).append(" SET ");
		for (String column : columns) {
			sql.append(column).append(" = ?, ");
		}
		sql.append(versionColumn).append(" = ").append(versionColumn).append(" + 1 WHERE ").append(idColumn)
			.append(" = ? AND ").append(versionColumn).append(" = ?");
		if (clause != null) {
			sql.append(clause);
		}
		return sql.toString();
	}

	private record Entry(String table, List<String> columns, String versionColumn, String idColumn, String clause,
			String sql) {

		boolean is(String table, List<String> columns, String versionColumn, String idColumn, String clause) {
			if (!this.table.equals(table) || !this.versionColumn.equals(versionColumn)
					|| !this.idColumn.equals(idColumn) || !java.util.Objects.equals(this.clause, clause)
					|| this.columns.size() != columns.size()) {
				return false;
			}
			for (int i = 0; i < columns.size(); i++) {
				if (!this.columns.get(i).equals(columns.get(i))) {
					return false;
				}
			}
			return true;
		}

	}

}
