package dev.tether.sql;

import static dev.tether.sql.SqlKeywords.Q_AS;
import static dev.tether.sql.SqlKeywords.Q_FOR;
import static dev.tether.sql.SqlKeywords.Q_IN;
import static dev.tether.sql.SqlKeywords.Q_INSERT;
import static dev.tether.sql.SqlKeywords.Q_INTO;
import static dev.tether.sql.SqlKeywords.Q_KEY;
import static dev.tether.sql.SqlKeywords.Q_LOCK;
import static dev.tether.sql.SqlKeywords.Q_LOCK_FUNCTION;
import static dev.tether.sql.SqlKeywords.Q_MODE;
import static dev.tether.sql.SqlKeywords.Q_MODIFY;
import static dev.tether.sql.SqlKeywords.Q_NO;
import static dev.tether.sql.SqlKeywords.Q_OTHER;
import static dev.tether.sql.SqlKeywords.Q_SEQUENCE_VALUE;
import static dev.tether.sql.SqlKeywords.Q_SHARE;
import static dev.tether.sql.SqlKeywords.Q_UPDATE;
import static dev.tether.sql.SqlKeywords.Q_VALUE;
import static dev.tether.sql.SqlKeywords.Q_WRITE_FUNCTION;
import static dev.tether.sql.SqlKeywords.is;
import static dev.tether.sql.SqlLexer.T_PUNCT;
import static dev.tether.sql.SqlLexer.T_QUOTED_IDENT;
import static dev.tether.sql.SqlLexer.T_WORD;
import static dev.tether.sql.SqlLexer.UNREADABLE;

/**
 * The rules of a query's body ({@code SELECT}, {@code VALUES}, {@code TABLE}, {@code WITH}), which
 * also read {@code COPY} and MySQL's {@code SET} assignments: {@code INSERT}, {@code UPDATE},
 * {@code DELETE}, {@code MERGE} (data-modifying CTEs) and {@code INTO} ({@code SELECT ... INTO
 * new_table}, {@code INTO OUTFILE}) anywhere make a write, and so do calls of side-effect and
 * primary-only functions; the locking clauses ({@code FOR [NO KEY] UPDATE}, {@code FOR [KEY] SHARE},
 * {@code LOCK IN SHARE MODE}) and calls of lock functions make a locking read. Such a word does not
 * count after {@code AS} (a column alias), after a {@code .} (a qualified name) or, in MySQL, after
 * {@code @} (a variable), and a function name only counts when a {@code (} follows.
 */
final class QueryRules {

	// What is read: the rules of the three differ only in a few words.
	private static final int QUERY = 0;
	private static final int COPY = 1;
	private static final int SET_VALUES = 2;

	// What the next token of a MySQL query decides.
	private static final int E_NONE = 0;
	private static final int E_INTO = 1; // after INTO: '@' sets a variable, anything else writes
	private static final int E_INSERT = 2; // after INSERT: '(' calls the string function, anything else writes
	private static final int E_SEQUENCE = 3; // after NEXT / PREVIOUS: VALUE
	private static final int E_SEQUENCE_FOR = 4; // after NEXT VALUE: FOR

	// How much of a locking clause was read: FOR, FOR NO, FOR KEY, FOR NO KEY; LOCK, LOCK IN, LOCK IN SHARE.
	private static final int FOR = 1;
	private static final int FOR_NO = 2;
	private static final int FOR_KEY = 3;
	private static final int FOR_NO_KEY = 4;
	private static final int LOCK = 1;
	private static final int LOCK_IN = 2;
	private static final int LOCK_IN_SHARE = 3;

	// Where a COPY sends its rows: not known yet, after TO, to STDOUT (a read).
	private static final int COPY_UNKNOWN = 0;
	private static final int COPY_TO = 1;
	private static final int COPY_TO_STDOUT = 2;

	/** The answer of the per-clause helpers for a token that makes the statement a write. */
	private static final int WRITES = -1;

	private QueryRules() {
	}

	/** The body of a query, after its first keyword. */
	static long query(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		return body(s, pos, n, mysql, inExecutableComment, QUERY, Rank.READ, false);
	}

	/**
	 * A {@code COPY} after its keyword: {@code COPY table | (query) ... FROM} writes, {@code TO STDOUT}
	 * reads, {@code TO 'file'} or {@code PROGRAM} writes.
	 */
	static long copy(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		return body(s, pos, n, mysql, inExecutableComment, COPY, Rank.READ, false);
	}

	/**
	 * MySQL's {@code SET} assignments, from their first token ({@code afterAt}: just after the
	 * {@code @} of a user variable): expressions, subqueries and function calls, read like a query,
	 * plus {@code READ WRITE} and {@code GLOBAL} / {@code PERSIST} in a later assignment.
	 */
	static long setValues(String s, int pos, int n, boolean mysql, boolean inExecutableComment, boolean afterAt) {
		return body(s, pos, n, mysql, inExecutableComment, SET_VALUES, Rank.SESSION, afterAt);
	}

	private static long body(String s, int pos, int n, boolean mysql, boolean inExecutableComment, int mode, int rank,
			boolean afterAt) {
		int pendingFunction = Rank.NONE; // rank of the function named by the previous token, if a '(' follows
		int expect = E_NONE; // MySQL: what the next token decides
		int lock = 0;
		int lockIn = 0;
		boolean afterDot = false;
		boolean afterAs = false;
		int copyTarget = COPY_UNKNOWN;
		int depth = 0; // COPY: parenthesis depth
		boolean afterRead = false; // SET: the previous word was READ
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (pos >= n || s.charAt(pos) == ';') {
				boolean complete = mode != COPY || copyTarget == COPY_TO_STDOUT;
				return Scan.ended(pos, complete ? rank : Rank.WRITE, inExecutableComment);
			}
			final int start = pos;
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			final int type = SqlLexer.type(token);
			final int len = pos - start;
			final char c = s.charAt(start);
			final boolean punct = type == T_PUNCT;

			if (pendingFunction != Rank.NONE) {
				if (punct && c == '(') {
					if (pendingFunction == Rank.WRITE) {
						return Scan.WRITE;
					}
					rank = Math.max(rank, pendingFunction);
				}
				pendingFunction = Rank.NONE;
			}
			int expected = E_NONE;
			boolean variable = false; // this token names a MySQL variable
			if (mysql) {
				expected = expect;
				expect = E_NONE;
				variable = afterAt;
				if (expected == E_INTO) {
					if (!punct || c != '@') {
						return Scan.WRITE; // INTO OUTFILE, DUMPFILE, a table or anything else
					}
					// SELECT ... INTO @var only sets a variable of the session: it belongs where the
					// session's later statements go, like SET
					rank = Math.max(rank, Rank.SESSION);
				}
				else if (expected == E_INSERT && (!punct || c != '(')) {
					return Scan.WRITE;
				}
			}
			int nextLock = 0;
			int nextLockIn = 0;
			boolean as = false;
			int word = (type == T_WORD) ? SqlKeywords.queryWord(s, start, len, mysql) : Q_OTHER;
			if (word != Q_OTHER) { // most words are names: they only end a locking clause, below
				if (expected == E_SEQUENCE_FOR && word == Q_FOR) {
					return Scan.WRITE; // MariaDB NEXT VALUE FOR s, PREVIOUS VALUE FOR s: like nextval, lastval
				}
				nextLock = lockAfter(lock, word);
				nextLockIn = lockInAfter(lockIn, word);
				boolean plain = !afterDot && !afterAs && !variable; // not an alias, a qualified name or a variable
				if (locks(lock, lockIn, word)) {
					rank = Math.max(rank, Rank.LOCKING);
				}
				else if (word == Q_UPDATE || word == Q_MODIFY) {
					if (plain) {
						return Scan.WRITE;
					}
				}
				else if (word == Q_INTO || word == Q_INSERT) {
					if (plain) {
						if (!mysql) {
							return Scan.WRITE;
						}
						expect = (word == Q_INTO) ? E_INTO : E_INSERT;
					}
				}
				else if (word == Q_SEQUENCE_VALUE) {
					if (!afterDot && !variable) {
						expect = E_SEQUENCE;
					}
				}
				else if (word == Q_VALUE) {
					if (expected == E_SEQUENCE) {
						expect = E_SEQUENCE_FOR;
					}
				}
				else if (word == Q_WRITE_FUNCTION || word == Q_LOCK_FUNCTION) {
					pendingFunction = (word == Q_WRITE_FUNCTION) ? Rank.WRITE : Rank.LOCKING;
				}
				else {
					as = word == Q_AS;
				}
			}
			else if (type == T_QUOTED_IDENT) {
				// "nextval"('s') calls nextval too; quoted names are case-sensitive in PostgreSQL, not in MySQL
				pendingFunction = SqlKeywords.functionRank(s, start + 1, len - 2, mysql, mysql);
			}
			lock = nextLock;
			lockIn = nextLockIn;
			afterAs = as;
			afterDot = punct && c == '.';
			if (mysql) {
				afterAt = punct && c == '@';
				if (punct && c == ':' && pos < n && s.charAt(pos) == '=') {
					rank = Math.max(rank, Rank.SESSION); // @var := value assigns a session variable
				}
			}
			if (mode == COPY) {
				if (punct && copyTarget != COPY_TO) {
					depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
				}
				copyTarget = copyTarget(s, start, len, type, copyTarget, depth);
				if (copyTarget == WRITES) {
					return Scan.WRITE;
				}
			}
			else if (mode == SET_VALUES) {
				int read = setValue(s, start, len, type, variable, afterRead);
				if (read == WRITES) {
					return Scan.WRITE;
				}
				afterRead = read == 1;
			}
		}
	}

	/** The locking clause read after a word: {@code FOR}, {@code FOR NO}, {@code FOR [NO] KEY}, or none. */
	private static int lockAfter(int lock, int word) {
		switch (word) {
			case Q_FOR:
				return FOR;
			case Q_NO:
				return (lock == FOR) ? FOR_NO : 0;
			case Q_KEY:
				return (lock == FOR) ? FOR_KEY : (lock == FOR_NO) ? FOR_NO_KEY : 0;
			default:
				return 0;
		}
	}

	/** MySQL's {@code LOCK IN SHARE MODE} read after a word: {@code LOCK}, {@code LOCK IN}, {@code LOCK IN SHARE}, or none. */
	private static int lockInAfter(int lockIn, int word) {
		switch (word) {
			case Q_LOCK:
				return LOCK;
			case Q_IN:
				return (lockIn == LOCK) ? LOCK_IN : 0;
			case Q_SHARE:
				return (lockIn == LOCK_IN) ? LOCK_IN_SHARE : 0;
			default:
				return 0;
		}
	}

	/** Whether the word completes a locking clause: {@code FOR [NO KEY] UPDATE}, {@code FOR [KEY] SHARE}, {@code LOCK IN SHARE MODE}. */
	private static boolean locks(int lock, int lockIn, int word) {
		switch (word) {
			case Q_UPDATE:
				return lock == FOR || lock == FOR_NO_KEY;
			case Q_SHARE:
				return lock == FOR || lock == FOR_KEY;
			case Q_MODE:
				return lockIn == LOCK_IN_SHARE;
			default:
				return false;
		}
	}

	/** Where a {@code COPY} sends its rows after a token, or {@link #WRITES}: {@code FROM}, or a target after {@code TO} other than STDOUT. */
	private static int copyTarget(String s, int start, int len, int type, int target, int depth) {
		if (target == COPY_TO) {
			return (type == T_WORD && is(s, start, len, "stdout")) ? COPY_TO_STDOUT : WRITES;
		}
		if (target == COPY_UNKNOWN && depth == 0 && type == T_WORD) {
			if (is(s, start, len, "from")) {
				return WRITES;
			}
			if (is(s, start, len, "to")) {
				return COPY_TO;
			}
		}
		return target;
	}

	/**
	 * A token of MySQL's {@code SET} assignments: 1 if it is the word {@code READ}, 0 else, or
	 * {@link #WRITES} for {@code READ WRITE} (announces writes) and {@code GLOBAL} / {@code PERSIST}
	 * in a later assignment (changes the server).
	 */
	private static int setValue(String s, int start, int len, int type, boolean variable, boolean afterRead) {
		if (type != T_WORD) {
			return 0;
		}
		if (SqlKeywords.isGlobalScope(s, start, len) && (!variable || afterDoubleAt(s, start))) {
			return WRITES;
		}
		if (variable) {
			return 0;
		}
		if (afterRead && is(s, start, len, "write")) {
			return WRITES;
		}
		return is(s, start, len, "read") ? 1 : 0;
	}

	/** Whether the word starting at {@code start} directly follows {@code @@} (a MySQL system variable). */
	private static boolean afterDoubleAt(String s, int start) {
		return start >= 2 && s.charAt(start - 1) == '@' && s.charAt(start - 2) == '@';
	}

}
