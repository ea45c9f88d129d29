package dev.tether.sql;

/**
 * The lexical {@link SqlClassifier} of both dialects: one pass over the characters, no regular
 * expressions, no copies of the SQL and no allocation per call. One lexer with a dialect flag rather
 * than one class per dialect, because the statement rules (locking clauses, data-modifying words,
 * transaction modes, EXPLAIN) are the same and must stay the same.
 * <p>
 * <b>PostgreSQL</b>: {@code --} line comments, block comments (which nest), {@code '...'} strings
 * with {@code ''} escapes (standard-conforming, the default since PostgreSQL 9.1), {@code E'...'}
 * strings with backslash escapes, {@code U&'...'} strings and {@code U&"..."} identifiers,
 * {@code "quoted identifiers"}, dollar quotes ({@code $$...$$}, {@code $tag$...$tag$}) and {@code $1}
 * parameters.
 * <p>
 * <b>MySQL and MariaDB</b> (default {@code sql_mode}): {@code #} comments, {@code --} comments only
 * when a space or control character follows, block comments that do not nest, executable comments
 * {@code /*! ... *}{@code /}, {@code /*!50100 ... *}{@code /} and {@code /*M! ... *}{@code /} whose content
 * counts as SQL, {@code '...'} and {@code "..."} strings with backslash and doubled-quote escapes,
 * {@code `backtick`} identifiers, {@code $} as an identifier character and no dollar quotes. With
 * {@code ANSI_QUOTES} or {@code NO_BACKSLASH_ESCAPES} the server lexes differently; such modes are not
 * supported.
 * <p>
 * Words are compared case-insensitively in place. Each statement is judged by its first keyword,
 * and queries also by a few words anywhere in them: {@code INSERT}, {@code UPDATE}, {@code DELETE},
 * {@code MERGE} (data-modifying CTEs), {@code INTO} ({@code SELECT ... INTO new_table}, {@code INTO
 * OUTFILE}) and calls of side-effect functions ({@code nextval(...)}, {@code LAST_INSERT_ID()}) make a
 * write; the locking clauses ({@code FOR [NO KEY] UPDATE}, {@code FOR [KEY] SHARE},
 * {@code LOCK IN SHARE MODE}) and calls of lock functions ({@code pg_advisory_lock(...)},
 * {@code GET_LOCK(...)}) make a locking read. Such a word does not count after {@code AS} (a column
 * alias), after a {@code .} (a qualified name) or, in MySQL, after {@code @} (a variable), and a
 * function name only counts when a {@code (} follows. Whatever is not recognised is a write.
 */
final class LexicalSqlClassifier implements SqlClassifier {

	/** The PostgreSQL classifier: the classifier has no state, so one instance per dialect. */
	static final LexicalSqlClassifier POSTGRES = new LexicalSqlClassifier(false);

	/** The MySQL and MariaDB classifier. */
	static final LexicalSqlClassifier MYSQL = new LexicalSqlClassifier(true);

	// Severity ranks: a string of several statements takes the highest rank among them.
	private static final int NONE = -1;
	private static final int READ = 0;
	private static final int SESSION = 1;
	private static final int LOCKING = 2;
	private static final int WRITE = 3;

	// Token types.
	private static final int T_WORD = 0;
	private static final int T_QUOTED_IDENT = 1;
	private static final int T_STRING = 2;
	private static final int T_NUMBER = 3;
	private static final int T_PARAMETER = 4;
	private static final int T_PUNCT = 5;

	// What the classifier expects next in the current statement.
	private static final int M_START = 0; // the first keyword, after optional '('
	private static final int M_QUERY = 1; // rest of SELECT / VALUES / TABLE / WITH
	private static final int M_COPY = 2; // rest of COPY: query rules plus FROM / TO
	private static final int M_CONSUME = 3; // kind is settled: skip to the end
	private static final int M_EXPLAIN = 4; // after EXPLAIN
	private static final int M_EXPLAIN_ANALYZE = 5; // after EXPLAIN ANALYZE: optional VERBOSE
	private static final int M_EXPLAIN_PAREN = 6; // after EXPLAIN (: options, or a query in parentheses
	private static final int M_EXPLAIN_OPTIONS = 7; // inside EXPLAIN ( ... )
	private static final int M_SET = 8; // after SET [SESSION | LOCAL]: the parameter
	private static final int M_SET_READ_ONLY = 9; // after SET transaction_read_only: the value
	private static final int M_START_TRANSACTION = 10; // after START: TRANSACTION
	private static final int M_TRANSACTION_MODES = 11; // SET / BEGIN / START TRANSACTION: READ WRITE is a write
	private static final int M_TRANSACTION_END = 12; // COMMIT / ROLLBACK / ABORT / END: PREPARED is a write
	private static final int M_SET_VALUES = 13; // MySQL SET assignments: query rules plus READ WRITE and GLOBAL
	private static final int M_SET_STATEMENT = 14; // MariaDB SET STATEMENT ... : settings up to FOR
	private static final int M_BEGIN = 15; // MySQL BEGIN: only WORK may follow (BEGIN NOT ATOMIC runs a block)
	private static final int M_EXPLAIN_FORMAT = 16; // MySQL EXPLAIN ANALYZE FORMAT = name

	// EXPLAIN states.
	private static final int EXPLAIN_NONE = 0;
	private static final int EXPLAIN_PLAIN = 1;
	private static final int EXPLAIN_ANALYZE = 2;

	// First keywords of a statement.
	private static final int K_OTHER = 0;
	private static final int K_QUERY = 1;
	private static final int K_SHOW = 2;
	private static final int K_EXPLAIN = 3;
	private static final int K_COPY = 4;
	private static final int K_SET = 5;
	private static final int K_BEGIN = 6;
	private static final int K_START = 7;
	private static final int K_TRANSACTION_END = 8;
	private static final int K_SESSION = 9;
	private static final int K_EXPLAINABLE = 10; // INSERT, UPDATE, ... : writes, but EXPLAIN accepts them

	// Words that matter inside a query.
	private static final int Q_OTHER = 0;
	private static final int Q_AS = 1;
	private static final int Q_FOR = 2;
	private static final int Q_NO = 3;
	private static final int Q_KEY = 4;
	private static final int Q_UPDATE = 5;
	private static final int Q_SHARE = 6;
	private static final int Q_MODIFY = 7; // INSERT, DELETE, MERGE, INTO
	private static final int Q_LOCK = 8;
	private static final int Q_IN = 9;
	private static final int Q_MODE = 10;
	private static final int Q_WRITE_FUNCTION = 11;
	private static final int Q_LOCK_FUNCTION = 12;
	private static final int Q_INTO = 13; // a write in PostgreSQL; MySQL: INTO @var is a session statement
	private static final int Q_INSERT = 14; // a write; MySQL: INSERT( is a string function
	private static final int Q_SEQUENCE_VALUE = 15; // MariaDB NEXT / PREVIOUS (VALUE FOR sequence)
	private static final int Q_VALUE = 16;

	// What the next token of a MySQL query decides (see 'expect').
	private static final int E_NONE = 0;
	private static final int E_INTO = 1; // after INTO: '@' sets a variable, anything else writes
	private static final int E_INSERT = 2; // after INSERT: '(' calls the string function, anything else writes
	private static final int E_SEQUENCE = 3; // after NEXT / PREVIOUS: VALUE
	private static final int E_SEQUENCE_FOR = 4; // after NEXT VALUE: FOR

	// Character classes of ASCII; every char from 128 up is an identifier char, as in PostgreSQL.
	private static final byte IDENT_START = 1;
	private static final byte IDENT_PART = 2;
	private static final byte DIGIT = 4;
	private static final byte SPACE = 8;
	private static final byte[] ASCII = new byte[128];

	static {
		for (char c = 'a'; c <= 'z'; c++) {
			ASCII[c] = IDENT_START | IDENT_PART;
			ASCII[c - 32] = IDENT_START | IDENT_PART;
		}
		ASCII['_'] = IDENT_START | IDENT_PART;
		ASCII['$'] = IDENT_PART;
		for (char c = '0'; c <= '9'; c++) {
			ASCII[c] = IDENT_PART | DIGIT;
		}
		for (char c : new char[] { ' ', '\t', '\n', '\r', '\f', '\u000B' }) {
			ASCII[c] = SPACE;
		}
	}

	private static final SqlKind[] KINDS = { SqlKind.READ, SqlKind.SESSION, SqlKind.LOCKING_READ, SqlKind.WRITE };

	/** Whether this is the MySQL / MariaDB dialect; final, so the JIT folds the flag into each call site. */
	private final boolean mysql;

	private LexicalSqlClassifier(boolean mysql) {
		this.mysql = mysql;
	}

	@Override
	public SqlKind classify(String sql) {
		return KINDS[rank(sql, this.mysql)];
	}

	@Override
	public boolean isUnboundedDml(String sql) {
		return unboundedDml(sql, this.mysql);
	}

	@Override
	public String toString() {
		return this.mysql ? "LexicalSqlClassifier[MySQL]" : "LexicalSqlClassifier[PostgreSQL]";
	}

	/**
	 * The severity rank of a SQL string, from {@link #READ} to {@link #WRITE}.
	 */
	private static int rank(String s, boolean mysql) {
		if (s == null) {
			return WRITE;
		}
		final int n = s.length();
		int total = NONE;
		int pos = 0;

		// State of the current statement.
		boolean started = false; // a token was seen
		int mode = M_START;
		int rank = NONE;
		int parens = 0; // '(' before the first keyword
		int explain = EXPLAIN_NONE;
		int depth = 0; // COPY, EXPLAIN options: parenthesis depth
		int sub = 0; // mode-specific: COPY target, EXPLAIN option, READ before WRITE
		int lock = 0; // FOR (1), FOR NO (2), FOR KEY (3), FOR NO KEY (4)
		int lockIn = 0; // LOCK (1), LOCK IN (2), LOCK IN SHARE (3)
		int pendingFunction = NONE; // rank of the function named by the previous token, if a '(' follows
		boolean afterDot = false;
		boolean afterAs = false;
		boolean afterAt = false; // MySQL: the token follows '@', so it names a variable
		int expect = E_NONE; // MySQL: what the next token of a query decides
		boolean inExecutableComment = false; // MySQL: inside /*! ... */, whose content is SQL

		while (true) {
			// Whitespace and comments.
			long skipped = skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return WRITE;
			}
			pos = (int) skipped;
			inExecutableComment = (skipped & IN_EXECUTABLE_COMMENT) != 0;
			final char c = (pos < n) ? s.charAt(pos) : 0;

			// End of a statement.
			if (pos >= n || c == ';') {
				if (started) {
					int r = finalRank(mode, rank, sub);
					if (r == WRITE) {
						return WRITE;
					}
					total = Math.max(total, r);
				}
				if (pos >= n) {
					return (total == NONE || inExecutableComment) ? WRITE : total;
				}
				pos++;
				started = false;
				mode = M_START;
				rank = NONE;
				parens = 0;
				explain = EXPLAIN_NONE;
				depth = 0;
				sub = 0;
				lock = 0;
				lockIn = 0;
				pendingFunction = NONE;
				afterDot = false;
				afterAs = false;
				afterAt = false;
				expect = E_NONE;
				continue;
			}

			// One token: [start, pos).
			final int start = pos;
			long token = token(s, start, n, mysql);
			if (token == UNREADABLE) {
				return WRITE; // unterminated string, quoted identifier or dollar quote
			}
			pos = (int) token;
			final int type = (int) (token >>> 32);
			final int len = pos - start;
			started = true;
			if (mysql && inExecutableComment && (type == T_STRING || type == T_QUOTED_IDENT) && hidesCommentEnd(s, start, pos)) {
				return WRITE;
			}

			// What the token means for the statement; 'continue dispatch' hands it to the new mode.
			dispatch: while (true) {
				switch (mode) {
					case M_START: {
						if (type == T_PUNCT && c == '(') {
							parens++;
							break dispatch;
						}
						int keyword = (type == T_WORD) ? statementKeyword(s, start, len, mysql) : K_OTHER;
						if (explain != EXPLAIN_NONE) {
							// the statement EXPLAIN is about
							if (keyword == K_QUERY) {
								rank = READ;
								mode = (explain == EXPLAIN_PLAIN) ? M_CONSUME : M_QUERY;
							}
							else if (keyword == K_EXPLAINABLE && explain == EXPLAIN_PLAIN && parens == 0) {
								rank = READ; // not executed
								mode = M_CONSUME;
							}
							else {
								return WRITE;
							}
							break dispatch;
						}
						if (parens > 0 && keyword != K_QUERY) {
							return WRITE;
						}
						switch (keyword) {
							case K_QUERY:
								rank = READ;
								mode = M_QUERY;
								break;
							case K_SHOW:
								rank = READ;
								mode = M_CONSUME;
								break;
							case K_EXPLAIN:
								mode = M_EXPLAIN;
								break;
							case K_COPY:
								rank = READ;
								mode = M_COPY;
								break;
							case K_SET:
								rank = SESSION;
								mode = M_SET;
								break;
							case K_BEGIN:
								rank = SESSION;
								mode = mysql ? M_BEGIN : M_TRANSACTION_MODES;
								break;
							case K_START:
								rank = SESSION;
								mode = M_START_TRANSACTION;
								break;
							case K_TRANSACTION_END:
								rank = SESSION;
								mode = M_TRANSACTION_END;
								break;
							case K_SESSION:
								rank = SESSION;
								mode = M_CONSUME;
								break;
							default:
								return WRITE;
						}
						break dispatch;
					}
					case M_QUERY:
					case M_COPY:
					case M_SET_VALUES: {
						if (pendingFunction != NONE) {
							if (type == T_PUNCT && c == '(') {
								if (pendingFunction == WRITE) {
									return WRITE;
								}
								rank = Math.max(rank, pendingFunction);
							}
							pendingFunction = NONE;
						}
						int expected = E_NONE;
						boolean variable = false; // this token names a variable
						if (mysql) {
							expected = expect;
							expect = E_NONE;
							variable = afterAt;
							if (expected == E_INTO) {
								if (type != T_PUNCT || c != '@') {
									return WRITE; // INTO OUTFILE, DUMPFILE, a table or anything else
								}
								// SELECT ... INTO @var only sets a variable of the session: it belongs
								// where the session's later statements go, like SET
								rank = Math.max(rank, SESSION);
							}
							else if (expected == E_INSERT && (type != T_PUNCT || c != '(')) {
								return WRITE;
							}
						}
						int nextLock = 0;
						int nextLockIn = 0;
						boolean as = false;
						if (type == T_WORD) {
							int word = queryWord(s, start, len, mysql);
							if (expected == E_SEQUENCE_FOR && word == Q_FOR) {
								return WRITE; // MariaDB NEXT VALUE FOR s, PREVIOUS VALUE FOR s: like nextval, lastval
							}
							switch (word) {
								case Q_AS:
									as = true;
									break;
								case Q_FOR:
									nextLock = 1;
									break;
								case Q_NO:
									nextLock = (lock == 1) ? 2 : 0;
									break;
								case Q_KEY:
									nextLock = (lock == 1) ? 3 : (lock == 2) ? 4 : 0;
									break;
								case Q_UPDATE:
									if (lock == 1 || lock == 4) {
										rank = Math.max(rank, LOCKING);
									}
									else if (!afterDot && !afterAs && !variable) {
										return WRITE;
									}
									break;
								case Q_SHARE:
									if (lock == 1 || lock == 3) {
										rank = Math.max(rank, LOCKING);
									}
									nextLockIn = (lockIn == 2) ? 3 : 0;
									break;
								case Q_MODIFY:
									if (!afterDot && !afterAs && !variable) {
										return WRITE;
									}
									break;
								case Q_INTO:
									if (!afterDot && !afterAs && !variable) {
										if (!mysql) {
											return WRITE;
										}
										expect = E_INTO;
									}
									break;
								case Q_INSERT:
									if (!afterDot && !afterAs && !variable) {
										if (!mysql) {
											return WRITE;
										}
										expect = E_INSERT;
									}
									break;
								case Q_SEQUENCE_VALUE:
									if (!afterDot && !variable) {
										expect = E_SEQUENCE;
									}
									break;
								case Q_VALUE:
									if (expected == E_SEQUENCE) {
										expect = E_SEQUENCE_FOR;
									}
									break;
								case Q_LOCK:
									nextLockIn = 1;
									break;
								case Q_IN:
									nextLockIn = (lockIn == 1) ? 2 : 0;
									break;
								case Q_MODE:
									if (lockIn == 3) {
										rank = Math.max(rank, LOCKING);
									}
									break;
								case Q_WRITE_FUNCTION:
									pendingFunction = WRITE;
									break;
								case Q_LOCK_FUNCTION:
									pendingFunction = LOCKING;
									break;
								default:
									break;
							}
						}
						else if (type == T_QUOTED_IDENT) {
							// "nextval"('s') calls nextval too; quoted names are case-sensitive in PostgreSQL,
							// not in MySQL
							pendingFunction = functionRank(s, start + 1, len - 2, mysql, mysql);
						}
						lock = nextLock;
						lockIn = nextLockIn;
						afterAs = as;
						afterDot = (type == T_PUNCT && c == '.');
						if (mysql) {
							afterAt = (type == T_PUNCT && c == '@');
							if (type == T_PUNCT && c == ':' && pos < n && s.charAt(pos) == '=') {
								rank = Math.max(rank, SESSION); // @var := value assigns a session variable
							}
						}
						if (mode == M_COPY) {
							// COPY table | (query) ... FROM (write) | TO STDOUT (read) | TO 'file' or PROGRAM (write)
							if (sub == 1) {
								if (type == T_WORD && is(s, start, len, "stdout")) {
									sub = 2;
								}
								else {
									return WRITE;
								}
							}
							else if (type == T_PUNCT) {
								if (c == '(') {
									depth++;
								}
								else if (c == ')') {
									depth--;
								}
							}
							else if (sub == 0 && depth == 0 && type == T_WORD) {
								if (is(s, start, len, "from")) {
									return WRITE;
								}
								if (is(s, start, len, "to")) {
									sub = 1;
								}
							}
						}
						else if (mode == M_SET_VALUES) {
							// sub: 1 after the word READ. SET TRANSACTION READ WRITE announces writes;
							// SET GLOBAL / PERSIST in a later assignment changes the server.
							if (type == T_WORD && isGlobalScope(s, start, len) && (!variable || afterDoubleAt(s, start))) {
								return WRITE;
							}
							if (type == T_WORD && !variable) {
								if (sub == 1 && is(s, start, len, "write")) {
									return WRITE;
								}
								sub = is(s, start, len, "read") ? 1 : 0;
							}
							else {
								sub = 0;
							}
						}
						break dispatch;
					}
					case M_CONSUME:
						break dispatch;
					case M_EXPLAIN:
						if (type == T_WORD && isAnalyze(s, start, len)) {
							explain = EXPLAIN_ANALYZE;
							mode = M_EXPLAIN_ANALYZE;
							break dispatch;
						}
						if (mysql) {
							// Without ANALYZE, MySQL's EXPLAIN / DESCRIBE (of a statement, a table or a
							// connection, in any FORMAT) executes nothing.
							explain = EXPLAIN_PLAIN;
							rank = READ;
							mode = M_CONSUME;
							break dispatch;
						}
						if (type == T_PUNCT && c == '(') {
							mode = M_EXPLAIN_PAREN;
							break dispatch;
						}
						explain = EXPLAIN_PLAIN;
						mode = M_START;
						if (type == T_WORD && is(s, start, len, "verbose")) {
							break dispatch;
						}
						continue dispatch;
					case M_EXPLAIN_ANALYZE:
						mode = M_START;
						if (type == T_WORD && is(s, start, len, "verbose")) {
							break dispatch;
						}
						if (mysql && type == T_WORD && is(s, start, len, "format")) {
							mode = M_EXPLAIN_FORMAT;
							sub = 0;
							break dispatch;
						}
						continue dispatch;
					case M_EXPLAIN_FORMAT:
						// sub: 0 = '=' expected, 1 = the format's name expected
						if (sub == 0 && type == T_PUNCT && c == '=') {
							sub = 1;
							break dispatch;
						}
						if (sub == 1 && type == T_WORD) {
							mode = M_START;
							break dispatch;
						}
						return WRITE;
					case M_EXPLAIN_PAREN:
						explain = EXPLAIN_PLAIN; // until an ANALYZE option says otherwise
						if ((type == T_PUNCT && c == '(')
								|| (type == T_WORD && statementKeyword(s, start, len, mysql) == K_QUERY)) {
							// EXPLAIN (SELECT ...): the parenthesis belongs to the query
							parens = 1;
							mode = M_START;
						}
						else {
							depth = 1;
							sub = 0;
							mode = M_EXPLAIN_OPTIONS;
						}
						continue dispatch;
					case M_EXPLAIN_OPTIONS:
						// sub: 0 = option name expected, 1 = after ANALYZE, 2 = elsewhere in an option
						if (type == T_PUNCT && (c == ')' || c == '(' || (c == ',' && depth == 1))) {
							if (sub == 1) {
								explain = EXPLAIN_ANALYZE; // ANALYZE without a value means true
							}
							if (c == '(') {
								depth++;
								sub = 2;
							}
							else if (c == ',') {
								sub = 0;
							}
							else if (--depth == 0) {
								mode = M_START;
								sub = 0;
							}
							else {
								sub = 2;
							}
						}
						else if (sub == 0) {
							sub = (type == T_WORD && isAnalyze(s, start, len)) ? 1 : 2;
						}
						else if (sub == 1) {
							boolean off = (type == T_WORD && (is(s, start, len, "false") || is(s, start, len, "off")))
									|| (type == T_NUMBER && len == 1 && c == '0');
							if (!off) {
								explain = EXPLAIN_ANALYZE;
							}
							sub = 2;
						}
						break dispatch;
					case M_SET:
						if (type == T_WORD) {
							if (is(s, start, len, "session") || is(s, start, len, "local")) {
								break dispatch; // the parameter comes next
							}
							if (is(s, start, len, "transaction_read_only")
									|| is(s, start, len, "default_transaction_read_only")
									|| (mysql && is(s, start, len, "tx_read_only"))) {
								mode = M_SET_READ_ONLY;
								break dispatch;
							}
							if (mysql) {
								if (isGlobalScope(s, start, len) || is(s, start, len, "password")
										|| is(s, start, len, "default")) {
									return WRITE; // changes the server or a stored account, not the session
								}
								if (is(s, start, len, "statement")) {
									mode = M_SET_STATEMENT;
									depth = 0;
									break dispatch;
								}
							}
						}
						else if (mysql && type == T_PUNCT && c == '.') {
							break dispatch; // @@session.name: the name comes next
						}
						else if (mysql && type == T_PUNCT && c == '@') {
							if ((pos < n && s.charAt(pos) == '@') || (start > 0 && s.charAt(start - 1) == '@')) {
								break dispatch; // @@[scope.]name: a system variable
							}
							mode = M_SET_VALUES; // @name: a user variable, not a keyword
							sub = 0;
							afterAt = true;
							break dispatch;
						}
						sub = 0;
						// MySQL assigns expressions, subqueries and function calls: scan them like a query
						mode = mysql ? M_SET_VALUES : M_TRANSACTION_MODES;
						continue dispatch;
					case M_SET_STATEMENT:
						// SET STATEMENT name = value, ... FOR statement: only the statement matters
						if (type == T_PUNCT) {
							depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
						}
						else if (depth == 0 && type == T_WORD && is(s, start, len, "for")) {
							mode = M_START;
							rank = NONE;
							parens = 0;
						}
						break dispatch;
					case M_BEGIN:
						if (type == T_WORD && is(s, start, len, "work")) {
							break dispatch;
						}
						return WRITE; // BEGIN NOT ATOMIC ... END runs a compound statement
					case M_SET_READ_ONLY:
						if ((type == T_PUNCT && c == '=') || (type == T_WORD && is(s, start, len, "to"))) {
							break dispatch;
						}
						if ((type == T_WORD
								&& (is(s, start, len, "on") || is(s, start, len, "true") || is(s, start, len, "yes")))
								|| (type == T_NUMBER && len == 1 && c == '1')) {
							mode = M_CONSUME;
							break dispatch;
						}
						return WRITE; // turning read-only off announces writes
					case M_START_TRANSACTION:
						if (type == T_WORD && is(s, start, len, "transaction")) {
							mode = M_TRANSACTION_MODES;
							sub = 0;
							break dispatch;
						}
						return WRITE;
					case M_TRANSACTION_MODES:
						// sub: 1 after the word READ
						if (type == T_WORD) {
							if (sub == 1 && is(s, start, len, "write")) {
								return WRITE;
							}
							sub = is(s, start, len, "read") ? 1 : 0;
						}
						else {
							sub = 0;
						}
						break dispatch;
					case M_TRANSACTION_END:
						if (type == T_WORD && is(s, start, len, "prepared")) {
							return WRITE; // COMMIT / ROLLBACK PREPARED: two-phase commit on the primary
						}
						break dispatch;
					default:
						return WRITE;
				}
			}
		}
	}

	/** What {@link #skipSpace} and {@link #token} answer for SQL they cannot read to the end. */
	private static final long UNREADABLE = -1;

	/** Set in {@link #skipSpace}'s answer while a MySQL executable comment is open. */
	private static final long IN_EXECUTABLE_COMMENT = 1L << 32;

	/**
	 * Skips whitespace and comments from {@code pos}: the lexer both passes share. Answers the
	 * position of the next token (or {@code n}) in the low 32 bits, with {@link #IN_EXECUTABLE_COMMENT}
	 * when a MySQL executable comment is open there, or {@link #UNREADABLE} for an unterminated
	 * comment and for comments inside an executable comment, whose end the server may read either
	 * way. One {@code long} rather than an object: no allocation per call. Plain whitespace is
	 * handled here, in a method small enough for the JIT to inline into the hot loop of
	 * {@link #rank}; comments in {@link #skipComments}.
	 */
	private static long skipSpace(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		while (pos < n) {
			char c = s.charAt(pos);
			if (c < 128 && ASCII[c] == SPACE) {
				pos++;
			}
			else if (c == '-' || c == '/' || c == '#' || c == '*') {
				return skipComments(s, pos, n, mysql, inExecutableComment);
			}
			else {
				break;
			}
		}
		return pos | (inExecutableComment ? IN_EXECUTABLE_COMMENT : 0);
	}

	/** {@link #skipSpace} from a character that may start a comment or end an executable one. */
	private static long skipComments(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		while (pos < n) {
			char c = s.charAt(pos);
			if (c < 128 && ASCII[c] == SPACE) {
				pos++;
			}
			else if (c == '-' && pos + 1 < n && s.charAt(pos + 1) == '-'
					// MySQL: "--1" is two minus signs; only "-- " (or a control character) starts a comment
					&& (!mysql || pos + 2 >= n || s.charAt(pos + 2) <= ' ')) {
				int end = skipLineComment(s, pos + 2, n);
				if (inExecutableComment && hidesCommentEnd(s, pos, end)) {
					return UNREADABLE;
				}
				pos = end;
			}
			else if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '*') {
				if (mysql) {
					int body = executableCommentBody(s, pos + 2, n);
					if (inExecutableComment) {
						return UNREADABLE; // a comment inside /*! ... */: how the server ends it is murky
					}
					if (body >= 0) {
						inExecutableComment = true;
						pos = body;
						continue;
					}
				}
				pos = skipBlockComment(s, pos + 2, n, !mysql);
				if (pos < 0) {
					return UNREADABLE; // unterminated comment
				}
			}
			else if (mysql && c == '#') {
				int end = skipLineComment(s, pos + 1, n);
				if (inExecutableComment && hidesCommentEnd(s, pos, end)) {
					return UNREADABLE;
				}
				pos = end;
			}
			else if (inExecutableComment && c == '*' && pos + 1 < n && s.charAt(pos + 1) == '/') {
				inExecutableComment = false;
				pos += 2;
			}
			else {
				break;
			}
		}
		return pos | (inExecutableComment ? IN_EXECUTABLE_COMMENT : 0);
	}

	/**
	 * Reads the token that starts at {@code start} (not whitespace, not a comment): the lexer both
	 * passes share. Answers its end in the low 32 bits and its type ({@link #T_WORD}, ...) above them,
	 * or {@link #UNREADABLE} for an unterminated string, quoted identifier or dollar quote. Words and
	 * punctuation, most tokens, are read here, in a method small enough for the JIT to inline into
	 * the hot loop of {@link #rank}; the rest in {@link #otherToken}.
	 */
	private static long token(String s, int start, int n, boolean mysql) {
		final char c = s.charAt(start);
		if (c < 128 && (ASCII[c] & IDENT_START) != 0) {
			int end = start + 1;
			while (end < n && isIdentPart(s.charAt(end))) {
				end++;
			}
			if (mysql || end != start + 1 || end >= n) {
				return end | ((long) T_WORD << 32);
			}
			// PostgreSQL: a one-letter word may prefix a string, E'...' or U&'...'
		}
		else if (c == '\'' || c == '"') {
			// MySQL: both are strings (ANSI_QUOTES off), with backslash escapes (NO_BACKSLASH_ESCAPES off)
			int end = mysql ? endOfEscapeString(s, start + 1, n, c) : endOfQuoted(s, start + 1, n, c);
			return (end < 0) ? UNREADABLE : (end | ((long) ((c == '"' && !mysql) ? T_QUOTED_IDENT : T_STRING) << 32));
		}
		else if (c >= '0' && c <= '9') {
			int end = start + 1;
			while (end < n && (isIdentPart(s.charAt(end)) || s.charAt(end) == '.')) {
				end++;
			}
			return end | ((long) T_NUMBER << 32);
		}
		else if (c < 128 && ASCII[c] == 0 && c != '`') {
			return (start + 1) | ((long) T_PUNCT << 32);
		}
		return otherToken(s, start, n, mysql, c);
	}

	/** {@link #token} for the rarer tokens: prefixed strings, non-ASCII words, backticks, '$'. */
	private static long otherToken(String s, int start, int n, boolean mysql, char c) {
		int end;
		int type;
		if (c >= 128 || (ASCII[c] & IDENT_START) != 0 || (mysql && c == '$')) {
			end = start + 1;
			while (end < n && isIdentPart(s.charAt(end))) {
				end++;
			}
			type = T_WORD;
			if (!mysql && end == start + 1 && end < n) {
				char next = s.charAt(end);
				if (next == '\'' && (c == 'e' || c == 'E')) {
					end = endOfEscapeString(s, end + 1, n, '\'');
					type = T_STRING;
				}
				else if (next == '&' && (c == 'u' || c == 'U') && end + 1 < n) {
					char quote = s.charAt(end + 1);
					if (quote == '\'' || quote == '"') {
						end = endOfQuoted(s, end + 2, n, quote);
						type = (quote == '"') ? T_QUOTED_IDENT : T_STRING;
					}
				}
			}
		}
		else if (mysql && c == '`') {
			end = endOfQuoted(s, start + 1, n, c);
			type = T_QUOTED_IDENT;
		}
		else if (c == '$') { // PostgreSQL only: in MySQL '$' starts a word
			end = start + 1;
			type = T_PUNCT;
			if (end < n && isDigit(s.charAt(end))) {
				while (end < n && isDigit(s.charAt(end))) {
					end++;
				}
				type = T_PARAMETER;
			}
			else {
				while (end < n && isDollarTagPart(s.charAt(end))) {
					end++;
				}
				if (end < n && s.charAt(end) == '$') {
					end = endOfDollarQuote(s, start, end + 1 - start, n);
					type = T_STRING;
				}
				else {
					end = start + 1;
				}
			}
		}
		else {
			end = start + 1;
			type = T_PUNCT;
		}
		return (end < 0) ? UNREADABLE : (end | ((long) type << 32));
	}

	/**
	 * Whether an {@code UPDATE} or {@code DELETE} in the SQL has no {@code WHERE} of its own (MySQL:
	 * and no {@code LIMIT}), so it changes every row of its table. Looks at every statement of the
	 * string and at data-modifying CTEs ({@code WITH d AS (DELETE FROM t) ...}); a {@code WHERE} only
	 * counts at the statement's own parenthesis depth, not in a subquery.
	 * <p>
	 * A second consumer of the one lexer ({@link #skipSpace}, {@link #token}) rather than more states
	 * in {@link #rank}: {@code rank} settles a write at its first keyword and stops there, on the hot
	 * path of every statement, while this question only concerns writes and its answer is cached
	 * with the kind. SQL the lexer cannot read to the end answers {@code false}: the server rejects
	 * it anyway.
	 */
	static boolean unboundedDml(String s, boolean mysql) {
		if (s == null) {
			return false;
		}
		final int n = s.length();
		int pos = 0;
		int depth = 0;
		long dml = 0; // bit d: an UPDATE or DELETE runs at parenthesis depth d
		long bounded = 0; // bit d: it has a WHERE (MySQL: or a LIMIT)
		long with = 0; // bit d: the statement at depth d began with WITH
		boolean atStart = true; // the next word begins a statement or a CTE body
		boolean afterClose = false; // the previous token was ')'
		boolean afterAs = false; // the previous word was AS or MATERIALIZED: a '(' opens a CTE body
		boolean inExecutableComment = false; // MySQL: inside /*! ... */
		while (true) {
			long skipped = skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return false;
			}
			pos = (int) skipped;
			inExecutableComment = (skipped & IN_EXECUTABLE_COMMENT) != 0;
			if (pos >= n) {
				return (dml & (1L << depth)) != 0 && (bounded & (1L << depth)) == 0;
			}
			final int start = pos;
			long token = token(s, start, n, mysql);
			if (token == UNREADABLE) {
				return false;
			}
			pos = (int) token;
			final int type = (int) (token >>> 32);
			final int len = pos - start;
			final char c = s.charAt(start);
			final long bit = 1L << depth;
			boolean close = false;
			boolean as = false;
			if (type == T_PUNCT && (c == ';' || c == ')')) {
				if ((dml & bit) != 0 && (bounded & bit) == 0) {
					return true;
				}
				dml &= ~bit;
				bounded &= ~bit;
				with &= ~bit;
				if (c == ';') {
					depth = 0;
					dml = 0;
					bounded = 0;
					with = 0;
				}
				else {
					depth = Math.max(0, depth - 1);
					close = true;
				}
				atStart = (c == ';');
			}
			else if (type == T_PUNCT && c == '(') {
				if (depth == 62) {
					return false; // deeper than the bit sets reach: no answer
				}
				depth++;
				atStart = afterAs;
			}
			else if (type == T_WORD) {
				if ((atStart || ((with & bit) != 0 && afterClose))
						&& (is(s, start, len, "update") || is(s, start, len, "delete"))) {
					dml |= bit;
					bounded &= ~bit;
				}
				else if (atStart && is(s, start, len, "with")) {
					with |= bit;
				}
				else if ((dml & bit) != 0 && (is(s, start, len, "where") || (mysql && is(s, start, len, "limit")))) {
					bounded |= bit;
				}
				else {
					as = is(s, start, len, "as") || is(s, start, len, "materialized");
				}
				atStart = false;
			}
			else {
				atStart = false;
			}
			afterClose = close;
			afterAs = as;
		}
	}

	/**
	 * The rank of a statement that has ended in the given mode.
	 */
	private static int finalRank(int mode, int rank, int sub) {
		switch (mode) {
			case M_QUERY:
			case M_CONSUME:
			case M_TRANSACTION_MODES:
			case M_TRANSACTION_END:
			case M_SET_VALUES:
			case M_BEGIN:
				return rank;
			case M_COPY:
				return (sub == 2) ? rank : WRITE;
			default:
				return WRITE; // incomplete: a lone '(', EXPLAIN without a statement, SET without a value, ...
		}
	}

	private static int statementKeyword(String s, int start, int len, boolean mysql) {
		switch (len) {
			case 3:
				if (is(s, start, len, "set")) {
					return K_SET;
				}
				if (mysql && is(s, start, len, "use")) {
					return K_SESSION; // the session's default database
				}
				return is(s, start, len, "end") ? K_TRANSACTION_END : K_OTHER;
			case 4:
				if (is(s, start, len, "with")) {
					return K_QUERY;
				}
				if (is(s, start, len, "show")) {
					return K_SHOW;
				}
				if (mysql) {
					return is(s, start, len, "desc") ? K_EXPLAIN : K_OTHER;
				}
				return is(s, start, len, "copy") ? K_COPY : K_OTHER;
			case 5:
				if (is(s, start, len, "table")) {
					return K_QUERY;
				}
				if (is(s, start, len, "begin")) {
					return K_BEGIN;
				}
				if (is(s, start, len, "start")) {
					return K_START;
				}
				if (is(s, start, len, "reset")) {
					return mysql ? K_OTHER : K_SESSION; // MySQL: RESET MASTER, RESET SLAVE, ...
				}
				if (is(s, start, len, "abort")) {
					return K_TRANSACTION_END;
				}
				return is(s, start, len, "merge") ? K_EXPLAINABLE : K_OTHER;
			case 6:
				if (is(s, start, len, "select") || is(s, start, len, "values")) {
					return K_QUERY;
				}
				if (is(s, start, len, "commit")) {
					return K_TRANSACTION_END;
				}
				if (is(s, start, len, "insert") || is(s, start, len, "update") || is(s, start, len, "delete")
						|| is(s, start, len, "create")) {
					return K_EXPLAINABLE;
				}
				return K_OTHER;
			case 7:
				if (is(s, start, len, "explain")) {
					return K_EXPLAIN;
				}
				if (is(s, start, len, "release") || (!mysql && is(s, start, len, "discard"))) {
					return K_SESSION;
				}
				return (is(s, start, len, "execute") || is(s, start, len, "declare")
						|| (mysql && is(s, start, len, "replace"))) ? K_EXPLAINABLE : K_OTHER;
			case 8:
				if (is(s, start, len, "rollback")) {
					return K_TRANSACTION_END;
				}
				return (mysql && is(s, start, len, "describe")) ? K_EXPLAIN : K_OTHER;
			case 9:
				return is(s, start, len, "savepoint") ? K_SESSION : K_OTHER;
			case 10:
				return is(s, start, len, "deallocate") ? K_SESSION : K_OTHER;
			default:
				return K_OTHER;
		}
	}

	private static int queryWord(String s, int start, int len, boolean mysql) {
		switch (len) {
			case 2:
				if (is(s, start, len, "as")) {
					return Q_AS;
				}
				if (is(s, start, len, "no")) {
					return Q_NO;
				}
				return is(s, start, len, "in") ? Q_IN : Q_OTHER;
			case 3:
				if (is(s, start, len, "for")) {
					return Q_FOR;
				}
				return is(s, start, len, "key") ? Q_KEY : Q_OTHER;
			case 4:
				if (is(s, start, len, "into")) {
					return Q_INTO;
				}
				if (is(s, start, len, "lock")) {
					return Q_LOCK;
				}
				if (is(s, start, len, "mode")) {
					return Q_MODE;
				}
				return (mysql && is(s, start, len, "next")) ? Q_SEQUENCE_VALUE : Q_OTHER;
			case 5:
				if (is(s, start, len, "share")) {
					return Q_SHARE;
				}
				if (is(s, start, len, "merge")) {
					return Q_MODIFY;
				}
				return (mysql && is(s, start, len, "value")) ? Q_VALUE : Q_OTHER;
			case 6:
				if (is(s, start, len, "update")) {
					return Q_UPDATE;
				}
				if (is(s, start, len, "insert")) {
					return Q_INSERT;
				}
				if (is(s, start, len, "delete")) {
					return Q_MODIFY;
				}
				break;
			case 8:
				if (mysql && is(s, start, len, "previous")) {
					return Q_SEQUENCE_VALUE;
				}
				break;
			default:
				break;
		}
		switch (functionRank(s, start, len, true, mysql)) {
			case WRITE:
				return Q_WRITE_FUNCTION;
			case LOCKING:
				return Q_LOCK_FUNCTION;
			default:
				return Q_OTHER;
		}
	}

	/**
	 * The rank of a call of the named function: {@link #WRITE} for functions with side effects (or that
	 * only work in the session of the primary), {@link #LOCKING} for advisory locks, {@link #NONE} else.
	 */
	private static int functionRank(String s, int start, int len, boolean ignoreCase, boolean mysql) {
		if (len < 6) {
			return NONE;
		}
		char first = s.charAt(start);
		if (ignoreCase) {
			first |= 0x20;
		}
		if (mysql) {
			int rank = mysqlFunctionRank(s, start, len, first);
			if (rank != NONE) {
				return rank;
			}
		}
		switch (first) {
			case 'n':
				return matches(s, start, len, "nextval", ignoreCase) ? WRITE : NONE;
			case 's':
				return (matches(s, start, len, "setval", ignoreCase)
						|| matches(s, start, len, "set_config", ignoreCase)) ? WRITE : NONE;
			case 'c':
				// currval: only defined in the session that called nextval, which is on the primary
				return matches(s, start, len, "currval", ignoreCase) ? WRITE : NONE;
			case 't':
				// assigns a transaction id, which a standby cannot do
				return matches(s, start, len, "txid_current", ignoreCase) ? WRITE : NONE;
			case 'l':
				// lastval, like currval; then the large-object writers (lo_get, loread, lo_open are reads)
				return (matches(s, start, len, "lastval", ignoreCase)
						|| matches(s, start, len, "lowrite", ignoreCase)
						|| matches(s, start, len, "lo_creat", ignoreCase)
						|| matches(s, start, len, "lo_create", ignoreCase)
						|| matches(s, start, len, "lo_import", ignoreCase)
						|| matches(s, start, len, "lo_unlink", ignoreCase)
						|| matches(s, start, len, "lo_put", ignoreCase)
						|| matches(s, start, len, "lo_from_bytea", ignoreCase)
						|| matches(s, start, len, "lo_truncate", ignoreCase)
						|| matches(s, start, len, "lo_truncate64", ignoreCase)) ? WRITE : NONE;
			case 'p':
				if (startsWith(s, start, len, "pg_advisory", ignoreCase)
						|| startsWith(s, start, len, "pg_try_advisory", ignoreCase)) {
					return LOCKING;
				}
				return (matches(s, start, len, "pg_notify", ignoreCase)
						|| matches(s, start, len, "pg_terminate_backend", ignoreCase)
						|| matches(s, start, len, "pg_cancel_backend", ignoreCase)
						|| matches(s, start, len, "pg_current_xact_id", ignoreCase)) ? WRITE : NONE;
			default:
				return NONE;
		}
	}

	/**
	 * The MySQL and MariaDB functions of {@link #functionRank}; their names are case-insensitive,
	 * quoted or not. Named locks live in one server: taken, released or even only tested on a replica,
	 * they say nothing about the primary's, so all of them are locking reads. LAST_INSERT_ID() and
	 * ROW_COUNT() report the session's last write, which happened on the primary.
	 */
	private static int mysqlFunctionRank(String s, int start, int len, char first) {
		switch (first) {
			case 'g':
				return is(s, start, len, "get_lock") ? LOCKING : NONE;
			case 'r':
				if (is(s, start, len, "release_lock") || is(s, start, len, "release_all_locks")) {
					return LOCKING;
				}
				return is(s, start, len, "row_count") ? WRITE : NONE;
			case 'i':
				return (is(s, start, len, "is_free_lock") || is(s, start, len, "is_used_lock")) ? LOCKING : NONE;
			case 'l':
				return is(s, start, len, "last_insert_id") ? WRITE : NONE;
			default:
				return NONE;
		}
	}

	/** Whether a word of a MySQL SET names a scope beyond the session (GLOBAL, PERSIST, PERSIST_ONLY). */
	private static boolean isGlobalScope(String s, int start, int len) {
		return is(s, start, len, "global") || is(s, start, len, "persist") || is(s, start, len, "persist_only");
	}

	/** Whether the word starting at {@code start} directly follows {@code @@} (a MySQL system variable). */
	private static boolean afterDoubleAt(String s, int start) {
		return start >= 2 && s.charAt(start - 1) == '@' && s.charAt(start - 2) == '@';
	}

	/**
	 * If the block comment whose text starts at {@code i} (after its slash and star) is a MySQL
	 * executable comment ({@code /*!}, {@code /*!50100}, {@code /*M!100100}), the position where its
	 * SQL starts; -1 for a plain comment. The version is skipped: the content counts whatever the
	 * server's version, as the conservative reading.
	 */
	private static int executableCommentBody(String s, int i, int n) {
		if (i < n && s.charAt(i) == 'M' && i + 1 < n && s.charAt(i + 1) == '!') {
			i++;
		}
		else if (i >= n || s.charAt(i) != '!') {
			return -1;
		}
		i++;
		int digits = 0;
		while (i < n && digits < 6 && isDigit(s.charAt(i))) {
			i++;
			digits++;
		}
		return i;
	}

	/**
	 * Whether {@code s[from, to)} holds a star-slash. Inside an executable comment, a string or line
	 * comment holding one ends the comment for a server that skips it (a version-gated one) but not
	 * for one that runs it: the two readings differ, so the statement counts as a write.
	 */
	private static boolean hidesCommentEnd(String s, int from, int to) {
		int end = s.indexOf("*/", from);
		return end >= 0 && end + 2 <= to;
	}

	/** Whether the word is ANALYZE, or its British spelling ANALYSE, which PostgreSQL accepts too. */
	private static boolean isAnalyze(String s, int start, int len) {
		return is(s, start, len, "analyze") || is(s, start, len, "analyse");
	}

	/**
	 * Whether the word {@code s[start, start + len)} is {@code lower}, ignoring case. Only valid for the
	 * characters of a word (letters, digits, '_', '$' and non-ASCII): OR-ing 0x20 maps no other one of
	 * them to a lowercase letter.
	 */
	private static boolean is(String s, int start, int len, String lower) {
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

	private static boolean matches(String s, int start, int len, String lower, boolean ignoreCase) {
		return ignoreCase ? is(s, start, len, lower) : (len == lower.length() && s.startsWith(lower, start));
	}

	private static boolean startsWith(String s, int start, int len, String lower, boolean ignoreCase) {
		int prefix = lower.length();
		return len >= prefix && (ignoreCase ? is(s, start, prefix, lower) : s.startsWith(lower, start));
	}

	private static boolean isIdentPart(char c) {
		return c >= 128 || (ASCII[c] & IDENT_PART) != 0;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/** A character of a dollar-quote tag: like an identifier, but without '$'. */
	private static boolean isDollarTagPart(char c) {
		return c != '$' && isIdentPart(c);
	}

	/** The position after a line comment's text (at its line break, or the end). */
	private static int skipLineComment(String s, int i, int n) {
		while (i < n) {
			char c = s.charAt(i);
			if (c == '\n' || c == '\r') {
				return i;
			}
			i++;
		}
		return n;
	}

	/**
	 * The position after a block comment whose opening ends before {@code i}; -1 if unterminated.
	 * PostgreSQL's block comments nest, MySQL's end at the first star-slash.
	 */
	private static int skipBlockComment(String s, int i, int n, boolean nested) {
		int nesting = 1;
		while (i < n - 1) {
			char c = s.charAt(i);
			if (c == '*' && s.charAt(i + 1) == '/') {
				i += 2;
				if (--nesting == 0) {
					return i;
				}
			}
			else if (nested && c == '/' && s.charAt(i + 1) == '*') {
				i += 2;
				nesting++;
			}
			else {
				i++;
			}
		}
		return -1;
	}

	/**
	 * The position after a string or identifier quoted with {@code quote} (doubled to escape it) whose
	 * content starts at {@code i}; -1 if unterminated.
	 */
	private static int endOfQuoted(String s, int i, int n, char quote) {
		while (true) {
			int q = s.indexOf(quote, i);
			if (q < 0) {
				return -1;
			}
			if (q + 1 < n && s.charAt(q + 1) == quote) {
				i = q + 2;
			}
			else {
				return q + 1;
			}
		}
	}

	/**
	 * Like {@link #endOfQuoted} for a string where a backslash escapes any character: PostgreSQL's
	 * {@code E'...'}, MySQL's {@code '...'} and {@code "..."}.
	 */
	private static int endOfEscapeString(String s, int i, int n, char quote) {
		while (i < n) {
			char c = s.charAt(i);
			if (c == '\\') {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < n && s.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return -1;
	}

	/**
	 * The position after a dollar-quoted string whose opening tag ({@code $$} or {@code $tag$}) is
	 * {@code s[start, start + tagLen)}; -1 if unterminated.
	 */
	private static int endOfDollarQuote(String s, int start, int tagLen, int n) {
		int i = start + tagLen;
		while (true) {
			int d = s.indexOf('$', i);
			if (d < 0 || d + tagLen > n) {
				return -1;
			}
			if (s.regionMatches(d, s, start, tagLen)) {
				return d + tagLen;
			}
			i = d + 1;
		}
	}

}
