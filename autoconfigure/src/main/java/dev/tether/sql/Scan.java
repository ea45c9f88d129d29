package dev.tether.sql;

/**
 * What a rule answers after reading part of a statement, packed into one {@code long} so the
 * rules allocate nothing: where it stopped, the statement's rank so far, whether a MySQL
 * executable comment is open there, and whether the statement's first keyword must be read again
 * from there (after {@code EXPLAIN ...} or MariaDB's {@code SET STATEMENT ... FOR}), with the
 * {@code EXPLAIN} state and the parenthesis already read.
 * <pre>
 * bits  0-31 position          bits 32-34 rank + 1          bit 35 in an executable comment
 * bit     36 read the head again   bits 37-38 EXPLAIN state   bit 39 one '(' before the head
 * </pre>
 */
final class Scan {

	/** EXPLAIN states carried into the statement it explains. */
	static final int EXPLAIN_NONE = 0;

	static final int EXPLAIN_PLAIN = 1;

	static final int EXPLAIN_ANALYZE = 2;

	private static final long POSITION = 0xFFFF_FFFFL;

	private static final int RANK_SHIFT = 32;

	private static final long IN_EXECUTABLE_COMMENT = 1L << 35;

	private static final long HEAD = 1L << 36;

	private static final int EXPLAIN_SHIFT = 37;

	private static final long PARENTHESIS = 1L << 39;

	/** The answer for a statement that writes, or that the rules cannot read: ends the whole classification. */
	static final long WRITE = ended(0, Rank.WRITE, false);

	private Scan() {
	}

	/**
	 * The statement ended at {@code pos} (a {@code ;} or the end of the SQL) with the given rank.
	 */
	static long ended(int pos, int rank, boolean inExecutableComment) {
		return pos | ((long) (rank + 1) << RANK_SHIFT) | (inExecutableComment ? IN_EXECUTABLE_COMMENT : 0);
	}

	/**
	 * The statement's first keyword is to be read (again) from {@code pos}: the statement so far was a
	 * prefix ({@code EXPLAIN} and its options, {@code SET STATEMENT ... FOR}).
	 */
	static long head(int pos, boolean inExecutableComment, int explain, boolean parenthesis) {
		return pos | HEAD | (inExecutableComment ? IN_EXECUTABLE_COMMENT : 0) | ((long) explain << EXPLAIN_SHIFT)
				| (parenthesis ? PARENTHESIS : 0);
	}

	static int position(long scan) {
		return (int) (scan & POSITION);
	}

	static int rank(long scan) {
		return (int) ((scan >>> RANK_SHIFT) & 7) - 1;
	}

	static boolean inExecutableComment(long scan) {
		return (scan & IN_EXECUTABLE_COMMENT) != 0;
	}

	static boolean isHead(long scan) {
		return (scan & HEAD) != 0;
	}

	static int explain(long scan) {
		return (int) ((scan >>> EXPLAIN_SHIFT) & 3);
	}

	static boolean parenthesis(long scan) {
		return (scan & PARENTHESIS) != 0;
	}

}
