package dev.tether.sql;

import static dev.tether.sql.SqlKeywords.K_BEGIN;
import static dev.tether.sql.SqlKeywords.K_COPY;
import static dev.tether.sql.SqlKeywords.K_EXPLAIN;
import static dev.tether.sql.SqlKeywords.K_EXPLAINABLE;
import static dev.tether.sql.SqlKeywords.K_OTHER;
import static dev.tether.sql.SqlKeywords.K_QUERY;
import static dev.tether.sql.SqlKeywords.K_SESSION;
import static dev.tether.sql.SqlKeywords.K_SET;
import static dev.tether.sql.SqlKeywords.K_SHOW;
import static dev.tether.sql.SqlKeywords.K_START;
import static dev.tether.sql.SqlKeywords.K_TRANSACTION_END;
import static dev.tether.sql.SqlLexer.T_PUNCT;
import static dev.tether.sql.SqlLexer.T_WORD;
import static dev.tether.sql.SqlLexer.UNREADABLE;

/**
 * The rules of a SQL string: its statements one by one, each judged by its first keyword (after
 * any opening parentheses and an {@code EXPLAIN} prefix), which hands the rest of the statement to
 * the rule of that keyword: {@link QueryRules} for queries and {@code COPY}, {@link ExplainRules}
 * for {@code EXPLAIN}'s options, {@link SessionRules} for {@code SET} and the transaction
 * statements. The string's rank is the highest of its statements'; the first write ends the
 * classification, and whatever is not recognised is a write.
 * <p>
 * Each rule reads its part of the statement in its own loop over the lexer, with its own state in
 * local variables, and answers a {@link Scan} ({@code long}): no object per statement or per call.
 */
final class StatementRules {

	private StatementRules() {
	}

	/**
	 * The rank of a SQL string, from {@link Rank#READ} to {@link Rank#WRITE}; {@code null}, empty and
	 * blank SQL is a write.
	 */
	static int rank(String s, boolean mysql) {
		if (s == null) {
			return Rank.WRITE;
		}
		final int n = s.length();
		int total = Rank.NONE;
		int pos = 0;
		boolean inExecutableComment = false;
		while (true) {
			long scan = statement(s, pos, n, mysql, inExecutableComment);
			int rank = Scan.rank(scan);
			if (rank == Rank.WRITE) {
				return Rank.WRITE;
			}
			total = Math.max(total, rank);
			pos = Scan.position(scan);
			inExecutableComment = Scan.inExecutableComment(scan);
			if (pos >= n) {
				return (total == Rank.NONE || inExecutableComment) ? Rank.WRITE : total;
			}
			pos++; // the ';'
		}
	}

	/**
	 * One statement from {@code pos}: its head (parentheses, the first keyword), then the rule of
	 * that keyword, up to the statement's {@code ;} or the end of the SQL. An empty statement has
	 * the rank {@link Rank#NONE}; one that ends after its head or a prefix only is a write.
	 */
	private static long statement(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		boolean started = false;
		int explain = Scan.EXPLAIN_NONE;
		int parens = 0;
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (pos >= n || s.charAt(pos) == ';') {
				// a lone '(', EXPLAIN without its statement, SET STATEMENT ... FOR without one: incomplete
				return started ? Scan.WRITE : Scan.ended(pos, Rank.NONE, inExecutableComment);
			}
			final int start = pos;
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE; // unterminated string, quoted identifier or dollar quote
			}
			pos = SqlLexer.position(token);
			final int type = SqlLexer.type(token);
			started = true;
			if (type == T_PUNCT && s.charAt(start) == '(') {
				parens++;
				continue;
			}
			int keyword = (type == T_WORD) ? SqlKeywords.statementKeyword(s, start, pos - start, mysql) : K_OTHER;
			long scan = (explain != Scan.EXPLAIN_NONE) ? explained(s, pos, n, mysql, inExecutableComment, keyword, explain, parens)
					: keywordRule(s, pos, n, mysql, inExecutableComment, keyword, parens);
			if (!Scan.isHead(scan)) {
				return scan;
			}
			// the rule read a prefix: the statement's own keyword comes next
			pos = Scan.position(scan);
			inExecutableComment = Scan.inExecutableComment(scan);
			explain = Scan.explain(scan);
			parens = Scan.parenthesis(scan) ? 1 : 0;
		}
	}

	/** The statement after its first keyword, by the rule of that keyword. */
	private static long keywordRule(String s, int pos, int n, boolean mysql, boolean inExecutableComment, int keyword,
			int parens) {
		if (parens > 0 && keyword != K_QUERY) {
			return Scan.WRITE; // only queries may be parenthesised
		}
		switch (keyword) {
			case K_QUERY:
				return QueryRules.query(s, pos, n, mysql, inExecutableComment);
			case K_SHOW:
				return consume(s, pos, n, mysql, inExecutableComment, Rank.READ);
			case K_EXPLAIN:
				return ExplainRules.explain(s, pos, n, mysql, inExecutableComment);
			case K_COPY:
				return QueryRules.copy(s, pos, n, mysql, inExecutableComment);
			case K_SET:
				return SessionRules.set(s, pos, n, mysql, inExecutableComment);
			case K_BEGIN:
				return mysql ? SessionRules.begin(s, pos, n, mysql, inExecutableComment)
						: SessionRules.transactionModes(s, pos, n, mysql, inExecutableComment);
			case K_START:
				return SessionRules.startTransaction(s, pos, n, mysql, inExecutableComment);
			case K_TRANSACTION_END:
				return SessionRules.transactionEnd(s, pos, n, mysql, inExecutableComment);
			case K_SESSION:
				return consume(s, pos, n, mysql, inExecutableComment, Rank.SESSION);
			default:
				return Scan.WRITE;
		}
	}

	/**
	 * The statement an {@code EXPLAIN} is about: a query (executed only by {@code EXPLAIN ANALYZE}), or,
	 * without {@code ANALYZE}, a data-modifying statement that is planned and not executed.
	 */
	private static long explained(String s, int pos, int n, boolean mysql, boolean inExecutableComment, int keyword,
			int explain, int parens) {
		if (keyword == K_QUERY) {
			return (explain == Scan.EXPLAIN_PLAIN) ? consume(s, pos, n, mysql, inExecutableComment, Rank.READ)
					: QueryRules.query(s, pos, n, mysql, inExecutableComment);
		}
		if (keyword == K_EXPLAINABLE && explain == Scan.EXPLAIN_PLAIN && parens == 0) {
			return consume(s, pos, n, mysql, inExecutableComment, Rank.READ); // not executed
		}
		return Scan.WRITE;
	}

	/**
	 * The rest of a statement whose rank is settled: its tokens are still read, because SQL the lexer
	 * cannot read to the end is a write.
	 */
	static long consume(String s, int pos, int n, boolean mysql, boolean inExecutableComment, int rank) {
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (pos >= n || s.charAt(pos) == ';') {
				return Scan.ended(pos, rank, inExecutableComment);
			}
			long token = SqlLexer.ruleToken(s, pos, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
		}
	}

}
