package dev.tether.sql;

import static dev.tether.sql.SqlKeywords.is;
import static dev.tether.sql.SqlLexer.T_PUNCT;
import static dev.tether.sql.SqlLexer.T_WORD;
import static dev.tether.sql.SqlLexer.UNREADABLE;

/**
 * Whether an {@code UPDATE} or {@code DELETE} in the SQL has no {@code WHERE} of its own (MySQL: and
 * no {@code LIMIT}), so it changes every row of its table. Looks at every statement of the string
 * and at data-modifying CTEs ({@code WITH d AS (DELETE FROM t) ...}); a {@code WHERE} only counts at
 * the statement's own parenthesis depth, not in a subquery.
 * <p>
 * A second pass over the same lexer rather than more states in {@link StatementRules}: the kind is
 * settled at a write's first keyword, on the path of every statement, while this question only
 * concerns writes and its answer is cached with the kind ({@link SqlClassification}). SQL the lexer
 * cannot read to the end answers {@code false}: the server rejects it anyway.
 */
final class UnboundedDmlRule {

	/** Deepest parenthesis tracked: one bit per depth in a {@code long}. */
	private static final int MAX_DEPTH = 62;

	private UnboundedDmlRule() {
	}

	static boolean isUnbounded(String s, boolean mysql) {
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
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return false;
			}
			pos = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (pos >= n) {
				return (dml & (1L << depth)) != 0 && (bounded & (1L << depth)) == 0;
			}
			final int start = pos;
			long token = SqlLexer.token(s, start, n, mysql);
			if (token == UNREADABLE) {
				return false;
			}
			pos = SqlLexer.position(token);
			final int type = SqlLexer.type(token);
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
				if (depth == MAX_DEPTH) {
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

}
