package dev.tether.sql;

/**
 * Everything Tether asks of one SQL string, answered by one classifier lookup
 * ({@link SqlClassifier#classification(String)}): its {@link SqlKind} and whether it holds an
 * unbounded {@code UPDATE} or {@code DELETE} (no {@code WHERE} of its own), which the statement
 * guards refuse.
 * <p>
 * Immutable, and one of five shared instances ({@link #of(SqlKind, boolean)}), so a cache of
 * classifications holds no object per statement and a lookup allocates nothing; they may be
 * compared with {@code ==}.
 */
public final class SqlClassification {

	private static final SqlClassification READ = new SqlClassification(SqlKind.READ, false);

	private static final SqlClassification SESSION = new SqlClassification(SqlKind.SESSION, false);

	private static final SqlClassification LOCKING_READ = new SqlClassification(SqlKind.LOCKING_READ, false);

	private static final SqlClassification WRITE = new SqlClassification(SqlKind.WRITE, false);

	private static final SqlClassification UNBOUNDED_WRITE = new SqlClassification(SqlKind.WRITE, true);

	private final SqlKind kind;

	private final boolean unboundedDml;

	private SqlClassification(SqlKind kind, boolean unboundedDml) {
		this.kind = kind;
		this.unboundedDml = unboundedDml;
	}

	/**
	 * Returns the shared classification of a kind.
	 * @param kind the statement's kind
	 * @param unboundedDml whether it holds an {@code UPDATE} or {@code DELETE} without {@code WHERE}
	 * @return the shared instance
	 * @throws IllegalArgumentException if {@code unboundedDml} is {@code true} and the kind is not
	 * {@link SqlKind#WRITE}: an {@code UPDATE} or {@code DELETE} always writes
	 * @throws NullPointerException if {@code kind} is {@code null}
	 */
	public static SqlClassification of(SqlKind kind, boolean unboundedDml) {
		if (unboundedDml) {
			if (kind != SqlKind.WRITE) {
				throw new IllegalArgumentException("SqlClassification.of: unbounded DML is always a WRITE, not " + kind);
			}
			return UNBOUNDED_WRITE;
		}
		return switch (kind) {
			case READ -> READ;
			case SESSION -> SESSION;
			case LOCKING_READ -> LOCKING_READ;
			case WRITE -> WRITE;
		};
	}

	/**
	 * Returns the kind of the statement (of the most severe of its statements).
	 * @return the kind, never {@code null}
	 */
	public SqlKind kind() {
		return this.kind;
	}

	/**
	 * Tells whether the SQL holds an {@code UPDATE} or {@code DELETE} without a {@code WHERE} of its own
	 * (for MySQL and MariaDB: and without {@code LIMIT}); see {@link SqlClassifier#isUnboundedDml(String)}.
	 * @return {@code true} for an unbounded {@code UPDATE} or {@code DELETE}
	 */
	public boolean isUnboundedDml() {
		return this.unboundedDml;
	}

	@Override
	public String toString() {
		return this.unboundedDml ? "WRITE (unbounded UPDATE/DELETE)" : this.kind.name();
	}

}
