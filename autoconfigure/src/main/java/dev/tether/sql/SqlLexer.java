package dev.tether.sql;

/**
 * The lexer of both dialects: whitespace, comments, words, strings, quoted identifiers, numbers,
 * parameters and punctuation, read in place with no copies and no allocation. Every rule of the
 * classifier reads the SQL through {@link #skipSpace} and {@link #token}, so both passes (the kind
 * and the unbounded-DML question) see the same tokens.
 * <p>
 * Answers are packed into one {@code long} rather than returned as objects: the lexer runs for
 * every token of every statement the cache has not seen. {@link #skipSpace} and {@link #token}
 * handle the common cases (plain whitespace; words and punctuation) in methods small enough for
 * the JIT to inline into the rules' loops, and leave comments and rarer tokens to
 * {@link #skipComments} and {@link #otherToken}.
 * <p>
 * <b>PostgreSQL</b>: {@code --} line comments, block comments (which nest), {@code '...'} strings
 * with {@code ''} escapes (standard-conforming), {@code E'...'} strings with backslash escapes,
 * {@code U&'...'} strings and {@code U&"..."} identifiers, {@code "quoted identifiers"}, dollar quotes
 * ({@code $$...$$}, {@code $tag$...$tag$}) and {@code $1} parameters.
 * <p>
 * <b>MySQL and MariaDB</b> (default {@code sql_mode}): {@code #} comments, {@code --} comments only
 * when a space or control character follows, block comments that do not nest, executable comments
 * {@code /*! ... *}{@code /}, {@code /*!50100 ... *}{@code /} and {@code /*M! ... *}{@code /} whose content
 * counts as SQL, {@code '...'} and {@code "..."} strings with backslash and doubled-quote escapes,
 * {@code `backtick`} identifiers, {@code $} as an identifier character and no dollar quotes.
 */
final class SqlLexer {

	// Token types, in the high half of token()'s answer.
	static final int T_WORD = 0;
	static final int T_QUOTED_IDENT = 1;
	static final int T_STRING = 2;
	static final int T_NUMBER = 3;
	static final int T_PARAMETER = 4;
	static final int T_PUNCT = 5;

	/** What {@link #skipSpace} and {@link #token} answer for SQL they cannot read to the end. */
	static final long UNREADABLE = -1;

	/** Set in {@link #skipSpace}'s answer while a MySQL executable comment is open. */
	static final long IN_EXECUTABLE_COMMENT = 1L << 32;

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

	private SqlLexer() {
	}

	/** The position in an answer of {@link #skipSpace} or {@link #token}. */
	static int position(long answer) {
		return (int) answer;
	}

	/** Whether {@link #skipSpace} answered inside a MySQL executable comment. */
	static boolean inExecutableComment(long skipped) {
		return (skipped & IN_EXECUTABLE_COMMENT) != 0;
	}

	/** The token type in an answer of {@link #token}. */
	static int type(long token) {
		return (int) (token >>> 32);
	}

	/**
	 * Skips whitespace and comments from {@code pos}. Answers the position of the next token (or
	 * {@code n}) in the low 32 bits, with {@link #IN_EXECUTABLE_COMMENT} when a MySQL executable
	 * comment is open there, or {@link #UNREADABLE} for an unterminated comment and for comments
	 * inside an executable comment, whose end the server may read either way.
	 */
	static long skipSpace(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
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

	/**
	 * {@link #skipSpace} from a character that may start a comment or end an executable one. Every
	 * kind of comment is read here, in one method longer than C2's {@code FreqInlineSize} (325
	 * bytecodes) on purpose, as {@link #otherToken} is: it is then never inlined into
	 * {@link #skipSpace}, whose compiled code stays small enough for C2 to inline into the loop of
	 * every rule. (With the comment code inlined, a standalone compilation of {@code skipSpace} is
	 * "already compiled into a big method" and each token costs a call; checked with
	 * {@code -XX:+PrintInlining} on the ClassifierBenchmark.)
	 */
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
				// the comment's end: PostgreSQL's block comments nest, MySQL's end at the first star-slash
				int nesting = 1;
				pos += 2;
				while (nesting > 0) {
					if (pos >= n - 1) {
						return UNREADABLE; // unterminated comment
					}
					char d = s.charAt(pos);
					if (d == '*' && s.charAt(pos + 1) == '/') {
						pos += 2;
						nesting--;
					}
					else if (!mysql && d == '/' && s.charAt(pos + 1) == '*') {
						pos += 2;
						nesting++;
					}
					else {
						pos++;
					}
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
	 * Reads the token that starts at {@code start} (not whitespace, not a comment). Answers its end
	 * in the low 32 bits and its type ({@link #T_WORD}, ...) above them, or {@link #UNREADABLE} for
	 * an unterminated string, quoted identifier or dollar quote.
	 */
	static long token(String s, int start, int n, boolean mysql) {
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

	/**
	 * {@link #token} for the classifier's rules: inside a MySQL executable comment, a string or
	 * quoted identifier holding a star-slash makes the SQL {@link #UNREADABLE} (see
	 * {@link #hidesCommentEnd}).
	 */
	static long ruleToken(String s, int start, int n, boolean mysql, boolean inExecutableComment) {
		long token = token(s, start, n, mysql);
		if (mysql && inExecutableComment && token != UNREADABLE) {
			int type = type(token);
			if ((type == T_STRING || type == T_QUOTED_IDENT) && hidesCommentEnd(s, start, position(token))) {
				return UNREADABLE;
			}
		}
		return token;
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
	 * Whether {@code s[from, to)} holds a star-slash. Inside an executable comment, a string or line
	 * comment holding one ends the comment for a server that skips it (a version-gated one) but not
	 * for one that runs it: the two readings differ, so the statement counts as a write.
	 */
	private static boolean hidesCommentEnd(String s, int from, int to) {
		int end = s.indexOf("*/", from);
		return end >= 0 && end + 2 <= to;
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
