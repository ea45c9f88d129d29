package dev.tether.sql;

import static dev.tether.sql.SqlKeywords.is;
import static dev.tether.sql.SqlKeywords.isAnalyze;
import static dev.tether.sql.SqlLexer.T_NUMBER;
import static dev.tether.sql.SqlLexer.T_PUNCT;
import static dev.tether.sql.SqlLexer.T_WORD;
import static dev.tether.sql.SqlLexer.UNREADABLE;

/**
 * The rules of {@code EXPLAIN}'s prefix: {@code EXPLAIN [ANALYZE] [VERBOSE]}, PostgreSQL's option
 * list {@code EXPLAIN (ANALYZE, ...)} and MySQL's {@code EXPLAIN ANALYZE FORMAT = name}. Each rule
 * reads the prefix and answers a {@link Scan#head head} from where the explained statement starts,
 * with whether it will be executed ({@link Scan#EXPLAIN_ANALYZE}) or only planned; the statement
 * itself is judged by {@link StatementRules}. A statement that ends inside the prefix is a write.
 */
final class ExplainRules {

	// In an option list: an option's name is expected, ANALYZE was named, or elsewhere in an option.
	private static final int OPTION_NAME = 0;
	private static final int AFTER_ANALYZE = 1;
	private static final int IN_OPTION = 2;

	private ExplainRules() {
	}

	/** After {@code EXPLAIN} (or MySQL's {@code DESCRIBE}). */
	static long explain(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
		if (skipped == UNREADABLE) {
			return Scan.WRITE;
		}
		final int start = SqlLexer.position(skipped);
		inExecutableComment = SqlLexer.inExecutableComment(skipped);
		if (start >= n || s.charAt(start) == ';') {
			return Scan.WRITE;
		}
		long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
		if (token == UNREADABLE) {
			return Scan.WRITE;
		}
		pos = SqlLexer.position(token);
		final int type = SqlLexer.type(token);
		if (type == T_WORD && isAnalyze(s, start, pos - start)) {
			return analyze(s, pos, n, mysql, inExecutableComment);
		}
		if (mysql) {
			// Without ANALYZE, MySQL's EXPLAIN / DESCRIBE (of a statement, a table or a connection, in any
			// FORMAT) executes nothing.
			return StatementRules.consume(s, pos, n, mysql, inExecutableComment, Rank.READ);
		}
		if (type == T_PUNCT && s.charAt(start) == '(') {
			return parenthesis(s, pos, n, mysql, inExecutableComment);
		}
		if (type == T_WORD && is(s, start, pos - start, "verbose")) {
			return Scan.head(pos, inExecutableComment, Scan.EXPLAIN_PLAIN, false);
		}
		return Scan.head(start, inExecutableComment, Scan.EXPLAIN_PLAIN, false);
	}

	/** After {@code EXPLAIN ANALYZE}: an optional {@code VERBOSE}, or MySQL's {@code FORMAT = name}. */
	private static long analyze(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
		if (skipped == UNREADABLE) {
			return Scan.WRITE;
		}
		final int start = SqlLexer.position(skipped);
		inExecutableComment = SqlLexer.inExecutableComment(skipped);
		if (start >= n || s.charAt(start) == ';') {
			return Scan.WRITE;
		}
		long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
		if (token == UNREADABLE) {
			return Scan.WRITE;
		}
		pos = SqlLexer.position(token);
		if (SqlLexer.type(token) == T_WORD) {
			if (is(s, start, pos - start, "verbose")) {
				return Scan.head(pos, inExecutableComment, Scan.EXPLAIN_ANALYZE, false);
			}
			if (mysql && is(s, start, pos - start, "format")) {
				return format(s, pos, n, mysql, inExecutableComment);
			}
		}
		return Scan.head(start, inExecutableComment, Scan.EXPLAIN_ANALYZE, false);
	}

	/** MySQL's {@code EXPLAIN ANALYZE FORMAT}: {@code = name}. */
	private static long format(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		boolean equals = false;
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			final int start = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (start >= n || s.charAt(start) == ';') {
				return Scan.WRITE;
			}
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			final int type = SqlLexer.type(token);
			if (!equals && type == T_PUNCT && s.charAt(start) == '=') {
				equals = true;
			}
			else if (equals && type == T_WORD) {
				return Scan.head(pos, inExecutableComment, Scan.EXPLAIN_ANALYZE, false);
			}
			else {
				return Scan.WRITE;
			}
		}
	}

	/**
	 * After PostgreSQL's {@code EXPLAIN (}: a parenthesised query ({@code EXPLAIN (SELECT ...)}), or
	 * the option list.
	 */
	private static long parenthesis(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
		if (skipped == UNREADABLE) {
			return Scan.WRITE;
		}
		final int start = SqlLexer.position(skipped);
		inExecutableComment = SqlLexer.inExecutableComment(skipped);
		if (start >= n || s.charAt(start) == ';') {
			return Scan.WRITE;
		}
		long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
		if (token == UNREADABLE) {
			return Scan.WRITE;
		}
		pos = SqlLexer.position(token);
		final int type = SqlLexer.type(token);
		if ((type == T_PUNCT && s.charAt(start) == '(') || (type == T_WORD
				&& SqlKeywords.statementKeyword(s, start, pos - start, mysql) == SqlKeywords.K_QUERY)) {
			// the parenthesis belongs to the query: read its head again from this token
			return Scan.head(start, inExecutableComment, Scan.EXPLAIN_PLAIN, true);
		}
		return options(s, start, n, mysql, inExecutableComment);
	}

	/**
	 * PostgreSQL's option list, from its first token after {@code (} to its closing {@code )}: the
	 * statement is executed if an option is {@code ANALYZE} without a value or with a value other
	 * than {@code false}, {@code off} or {@code 0}.
	 */
	private static long options(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		int explain = Scan.EXPLAIN_PLAIN; // until an ANALYZE option says otherwise
		int depth = 1;
		int option = OPTION_NAME;
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			final int start = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (start >= n || s.charAt(start) == ';') {
				return Scan.WRITE;
			}
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			final int type = SqlLexer.type(token);
			final int len = pos - start;
			final char c = s.charAt(start);
			if (type == T_PUNCT && (c == ')' || c == '(' || (c == ',' && depth == 1))) {
				if (option == AFTER_ANALYZE) {
					explain = Scan.EXPLAIN_ANALYZE; // ANALYZE without a value means true
				}
				if (c == '(') {
					depth++;
					option = IN_OPTION;
				}
				else if (c == ',') {
					option = OPTION_NAME;
				}
				else if (--depth == 0) {
					return Scan.head(pos, inExecutableComment, explain, false);
				}
				else {
					option = IN_OPTION;
				}
			}
			else if (option == OPTION_NAME) {
				option = (type == T_WORD && isAnalyze(s, start, len)) ? AFTER_ANALYZE : IN_OPTION;
			}
			else if (option == AFTER_ANALYZE) {
				boolean off = (type == T_WORD && (is(s, start, len, "false") || is(s, start, len, "off")))
						|| (type == T_NUMBER && len == 1 && c == '0');
				if (!off) {
					explain = Scan.EXPLAIN_ANALYZE;
				}
				option = IN_OPTION;
			}
		}
	}

}
