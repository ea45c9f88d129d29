package dev.tether.sql;

import static dev.tether.sql.SqlKeywords.is;
import static dev.tether.sql.SqlLexer.T_NUMBER;
import static dev.tether.sql.SqlLexer.T_PUNCT;
import static dev.tether.sql.SqlLexer.T_WORD;
import static dev.tether.sql.SqlLexer.UNREADABLE;

/**
 * The rules of the statements that change the session or the transaction: {@code SET},
 * {@code BEGIN}, {@code START TRANSACTION}, {@code COMMIT} / {@code ROLLBACK} / {@code ABORT} /
 * {@code END}. They are session statements, except where they announce or do writes:
 * {@code READ WRITE} transaction modes, {@code transaction_read_only} turned off, two-phase
 * {@code ... PREPARED}, MySQL's {@code SET GLOBAL} / {@code PERSIST} / {@code PASSWORD} /
 * {@code DEFAULT ROLE} and MariaDB's {@code BEGIN NOT ATOMIC}. Each rule starts after the words its
 * name says.
 */
final class SessionRules {

	private SessionRules() {
	}

	/** After {@code SET}: the parameter, after an optional {@code SESSION} or {@code LOCAL}. */
	static long set(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			final int start = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (start >= n || s.charAt(start) == ';') {
				return Scan.WRITE; // SET without a parameter
			}
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			final int type = SqlLexer.type(token);
			final int len = pos - start;
			if (type == T_WORD) {
				if (is(s, start, len, "session") || is(s, start, len, "local")) {
					continue; // the parameter comes next
				}
				if (is(s, start, len, "transaction_read_only") || is(s, start, len, "default_transaction_read_only")
						|| (mysql && is(s, start, len, "tx_read_only"))) {
					return readOnlyValue(s, pos, n, mysql, inExecutableComment);
				}
				if (mysql) {
					if (SqlKeywords.isGlobalScope(s, start, len) || is(s, start, len, "password")
							|| is(s, start, len, "default")) {
						return Scan.WRITE; // changes the server or a stored account, not the session
					}
					if (is(s, start, len, "statement")) {
						return setStatement(s, pos, n, mysql, inExecutableComment);
					}
				}
			}
			else if (mysql && type == T_PUNCT && s.charAt(start) == '.') {
				continue; // @@session.name: the name comes next
			}
			else if (mysql && type == T_PUNCT && s.charAt(start) == '@') {
				if ((pos < n && s.charAt(pos) == '@') || (start > 0 && s.charAt(start - 1) == '@')) {
					continue; // @@[scope.]name: a system variable
				}
				return QueryRules.setValues(s, pos, n, mysql, inExecutableComment, true); // @name: a user variable
			}
			// MySQL assigns expressions, subqueries and function calls: read them like a query
			return mysql ? QueryRules.setValues(s, start, n, mysql, inExecutableComment, false)
					: transactionModes(s, start, n, mysql, inExecutableComment);
		}
	}

	/** After {@code SET transaction_read_only} and kin: turning read-only off announces writes. */
	private static long readOnlyValue(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			final int start = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (start >= n || s.charAt(start) == ';') {
				return Scan.WRITE; // no value
			}
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			final int type = SqlLexer.type(token);
			final int len = pos - start;
			final char c = s.charAt(start);
			if ((type == T_PUNCT && c == '=') || (type == T_WORD && is(s, start, len, "to"))) {
				continue;
			}
			if ((type == T_WORD && (is(s, start, len, "on") || is(s, start, len, "true") || is(s, start, len, "yes")))
					|| (type == T_NUMBER && len == 1 && c == '1')) {
				return StatementRules.consume(s, pos, n, mysql, inExecutableComment, Rank.SESSION);
			}
			return Scan.WRITE;
		}
	}

	/**
	 * After MariaDB's {@code SET STATEMENT}: {@code name = value, ... FOR statement}, where only the
	 * statement matters; its head is read again after {@code FOR}.
	 */
	private static long setStatement(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		int depth = 0;
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			final int start = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (start >= n || s.charAt(start) == ';') {
				return Scan.WRITE; // no FOR statement
			}
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			final int type = SqlLexer.type(token);
			final char c = s.charAt(start);
			if (type == T_PUNCT) {
				depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			}
			else if (depth == 0 && type == T_WORD && is(s, start, pos - start, "for")) {
				return Scan.head(pos, inExecutableComment, Scan.EXPLAIN_NONE, false);
			}
		}
	}

	/** After MySQL's {@code BEGIN}: only {@code WORK} may follow ({@code BEGIN NOT ATOMIC ... END} runs a compound statement). */
	static long begin(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			final int start = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (start >= n || s.charAt(start) == ';') {
				return Scan.ended(start, Rank.SESSION, inExecutableComment);
			}
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			if (SqlLexer.type(token) != T_WORD || !is(s, start, pos - start, "work")) {
				return Scan.WRITE;
			}
		}
	}

	/** After {@code START}: {@code TRANSACTION} and its modes. */
	static long startTransaction(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
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
		if (SqlLexer.type(token) == T_WORD && is(s, start, pos - start, "transaction")) {
			return transactionModes(s, pos, n, mysql, inExecutableComment);
		}
		return Scan.WRITE;
	}

	/**
	 * Transaction modes, of {@code BEGIN}, {@code START TRANSACTION} and PostgreSQL's {@code SET}
	 * ({@code SET TRANSACTION ...}, {@code SET name = value}): {@code READ WRITE} is a write.
	 */
	static long transactionModes(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		boolean afterRead = false;
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			final int start = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (start >= n || s.charAt(start) == ';') {
				return Scan.ended(start, Rank.SESSION, inExecutableComment);
			}
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			if (SqlLexer.type(token) == T_WORD) {
				if (afterRead && is(s, start, pos - start, "write")) {
					return Scan.WRITE;
				}
				afterRead = is(s, start, pos - start, "read");
			}
			else {
				afterRead = false;
			}
		}
	}

	/** After {@code COMMIT}, {@code ROLLBACK}, {@code ABORT} or {@code END}: {@code PREPARED} is two-phase commit, on the primary. */
	static long transactionEnd(String s, int pos, int n, boolean mysql, boolean inExecutableComment) {
		while (true) {
			long skipped = SqlLexer.skipSpace(s, pos, n, mysql, inExecutableComment);
			if (skipped == UNREADABLE) {
				return Scan.WRITE;
			}
			final int start = SqlLexer.position(skipped);
			inExecutableComment = SqlLexer.inExecutableComment(skipped);
			if (start >= n || s.charAt(start) == ';') {
				return Scan.ended(start, Rank.SESSION, inExecutableComment);
			}
			long token = SqlLexer.ruleToken(s, start, n, mysql, inExecutableComment);
			if (token == UNREADABLE) {
				return Scan.WRITE;
			}
			pos = SqlLexer.position(token);
			if (SqlLexer.type(token) == T_WORD && is(s, start, pos - start, "prepared")) {
				return Scan.WRITE;
			}
		}
	}

}
