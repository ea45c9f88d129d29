package dev.tether.sql;

/**
 * Severity ranks of statements as small ints, the currency of the classifier's rules: a string of
 * several statements takes the highest rank among them, and {@link #WRITE} ends the classification.
 * Ints rather than {@link SqlKind}s so that ranks compare with {@code Math.max} and pack into the
 * rules' {@code long} answers ({@link Scan}).
 */
final class Rank {

	/** No statement yet (an empty string, or only comments). */
	static final int NONE = -1;

	static final int READ = 0;

	static final int SESSION = 1;

	static final int LOCKING = 2;

	static final int WRITE = 3;

	private static final SqlKind[] KINDS = { SqlKind.READ, SqlKind.SESSION, SqlKind.LOCKING_READ, SqlKind.WRITE };

	private Rank() {
	}

	/** The kind of a rank other than {@link #NONE}. */
	static SqlKind kind(int rank) {
		return KINDS[rank];
	}

}
