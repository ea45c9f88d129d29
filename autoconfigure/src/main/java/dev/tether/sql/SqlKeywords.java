package dev.tether.sql;

import java.util.List;

/**
 * The keyword tables of the classifier: the words that decide a statement's kind, per dialect, as
 * data. The rules ({@link StatementRules}, {@link QueryRules}, ...) say what the words mean in
 * their place; this class only says which words there are.
 */
final class SqlKeywords {

	// First keywords of a statement.
	static final int K_OTHER = 0;
	static final int K_QUERY = 1;
	static final int K_SHOW = 2;
	static final int K_EXPLAIN = 3;
	static final int K_COPY = 4;
	static final int K_SET = 5;
	static final int K_BEGIN = 6;
	static final int K_START = 7;
	static final int K_TRANSACTION_END = 8;
	static final int K_SESSION = 9;
	static final int K_EXPLAINABLE = 10; // INSERT, UPDATE, ... : writes, but EXPLAIN accepts them

	// Words that matter inside a query.
	static final int Q_OTHER = 0;
	static final int Q_AS = 1;
	static final int Q_FOR = 2;
	static final int Q_NO = 3;
	static final int Q_KEY = 4;
	static final int Q_UPDATE = 5;
	static final int Q_SHARE = 6;
	static final int Q_MODIFY = 7; // INSERT, DELETE, MERGE, INTO
	static final int Q_LOCK = 8;
	static final int Q_IN = 9;
	static final int Q_MODE = 10;
	static final int Q_WRITE_FUNCTION = 11;
	static final int Q_LOCK_FUNCTION = 12;
	static final int Q_INTO = 13; // a write in PostgreSQL; MySQL: INTO @var is a session statement
	static final int Q_INSERT = 14; // a write; MySQL: INSERT( is a string function
	static final int Q_SEQUENCE_VALUE = 15; // MariaDB NEXT / PREVIOUS (VALUE FOR sequence)
	static final int Q_VALUE = 16;

	/**
	 * PostgreSQL built-in functions that a hot standby refuses to run ("recovery is in progress",
	 * "cannot ... during recovery"): they write (WAL, the catalog, indexes, replication origins) or
	 * report the primary's own WAL position, so only the primary can answer them. Not a guess:
	 * {@code PrimaryOnlyFunctionsTests} calls every built-in function it can call safely on a real
	 * standby, fails when the standby refuses one that is not classified as a write (listed here or
	 * among the side-effect functions below), and fails when a name listed here is not refused, so a
	 * new PostgreSQL version cannot add one silently. Found on PostgreSQL 17.
	 */
	static final List<String> POSTGRES_PRIMARY_ONLY_FUNCTIONS = List.of(
			// WAL control: "recovery is in progress" (55000)
			"pg_current_wal_lsn", "pg_current_wal_insert_lsn", "pg_current_wal_flush_lsn", "pg_switch_wal",
			"pg_create_restore_point", "pg_walfile_name", "pg_walfile_name_offset", "pg_log_standby_snapshot",
			// write WAL: "cannot make new WAL entries during recovery"
			"pg_logical_emit_message",
			// index maintenance: "recovery is in progress" (55000)
			"brin_summarize_new_values", "brin_summarize_range", "brin_desummarize_range", "gin_clean_pending_list",
			// catalog writes: "cannot acquire lock mode ... while recovery is in progress" (55000)
			"pg_import_system_collations",
			// "cannot manipulate replication origins during recovery" (25006), even the look-ups
			"pg_replication_origin_create", "pg_replication_origin_drop", "pg_replication_origin_oid",
			"pg_replication_origin_advance", "pg_replication_origin_session_setup",
			"pg_replication_origin_session_reset", "pg_replication_origin_session_is_setup",
			"pg_replication_origin_session_progress", "pg_replication_origin_xact_setup",
			"pg_replication_origin_xact_reset");

	private static final WordTable POSTGRES_STATEMENTS = statements(false);

	private static final WordTable MYSQL_STATEMENTS = statements(true);

	// One table of the words of a query and of the functions whose call counts: one lookup per word.
	private static final WordTable POSTGRES_QUERY_WORDS = queryWords(false);

	private static final WordTable MYSQL_QUERY_WORDS = queryWords(true);

	private SqlKeywords() {
	}

	private static WordTable statements(boolean mysql) {
		WordTable.Builder table = WordTable.builder()
			.add(K_QUERY, "select", "values", "table", "with")
			.add(K_SHOW, "show")
			.add(K_EXPLAIN, "explain")
			.add(K_SET, "set")
			.add(K_BEGIN, "begin")
			.add(K_START, "start")
			.add(K_TRANSACTION_END, "commit", "rollback", "abort", "end")
			.add(K_SESSION, "savepoint", "release", "deallocate")
			.add(K_EXPLAINABLE, "insert", "update", "delete", "merge", "create", "execute", "declare");
		if (mysql) {
			table.add(K_SESSION, "use") // the session's default database
				.add(K_EXPLAIN, "desc", "describe")
				.add(K_EXPLAINABLE, "replace");
			// RESET is RESET MASTER, RESET SLAVE, ...: not a session statement in MySQL
		}
		else {
			table.add(K_COPY, "copy").add(K_SESSION, "reset", "discard");
		}
		return table.build();
	}

	private static WordTable queryWords(boolean mysql) {
		WordTable.Builder table = WordTable.builder()
			.add(Q_AS, "as")
			.add(Q_NO, "no")
			.add(Q_IN, "in")
			.add(Q_FOR, "for")
			.add(Q_KEY, "key")
			.add(Q_INTO, "into")
			.add(Q_LOCK, "lock")
			.add(Q_MODE, "mode")
			.add(Q_SHARE, "share")
			.add(Q_MODIFY, "merge", "delete")
			.add(Q_UPDATE, "update")
			.add(Q_INSERT, "insert");
		if (mysql) {
			table.add(Q_SEQUENCE_VALUE, "next", "previous").add(Q_VALUE, "value");
		}
		functions(table, mysql);
		return table.build();
	}

	/**
	 * Functions whose call makes a statement a write (side effects, or only meaningful in the
	 * primary's session) or a locking read (locks held in one server only).
	 */
	private static void functions(WordTable.Builder table, boolean mysql) {
		table.add(Q_WRITE_FUNCTION, "nextval", "setval", "set_config")
			// currval, lastval: only defined in the session that called nextval, which is on the primary
			.add(Q_WRITE_FUNCTION, "currval", "lastval")
			// assign a transaction id, which a standby cannot do
			.add(Q_WRITE_FUNCTION, "txid_current", "pg_current_xact_id")
			// the large-object writers (lo_get, loread, lo_open are reads)
			.add(Q_WRITE_FUNCTION, "lowrite", "lo_creat", "lo_create", "lo_import", "lo_unlink", "lo_put", "lo_from_bytea",
					"lo_truncate", "lo_truncate64")
			.add(Q_WRITE_FUNCTION, "pg_notify", "pg_terminate_backend", "pg_cancel_backend");
		if (mysql) {
			// Named locks live in one server: taken, released or even only tested on a replica, they say
			// nothing about the primary's, so all of them are locking reads. LAST_INSERT_ID() and
			// ROW_COUNT() report the session's last write, which happened on the primary.
			table.add(Q_LOCK_FUNCTION, "get_lock", "release_lock", "release_all_locks", "is_free_lock", "is_used_lock")
				.add(Q_WRITE_FUNCTION, "row_count", "last_insert_id");
		}
		else {
			table.add(Q_WRITE_FUNCTION, POSTGRES_PRIMARY_ONLY_FUNCTIONS.toArray(new String[0]));
		}
	}

	/** The statement keyword ({@link #K_QUERY}, ...) of the word, or {@link #K_OTHER}. */
	static int statementKeyword(String s, int start, int len, boolean mysql) {
		return (mysql ? MYSQL_STATEMENTS : POSTGRES_STATEMENTS).find(s, start, len, true, K_OTHER);
	}

	/** What a word means inside a query ({@link #Q_FOR}, ..., the function words), or {@link #Q_OTHER}. */
	static int queryWord(String s, int start, int len, boolean mysql) {
		int word = (mysql ? MYSQL_QUERY_WORDS : POSTGRES_QUERY_WORDS).find(s, start, len, true, Q_OTHER);
		return (word == Q_OTHER && isAdvisoryLock(s, start, len, true)) ? Q_LOCK_FUNCTION : word;
	}

	/**
	 * The rank of a call of the named function: {@link Rank#WRITE} for functions with side effects,
	 * that only work in the session of the primary or that only a primary can run,
	 * {@link Rank#LOCKING} for advisory and named locks, {@link Rank#NONE} else.
	 * @param ignoreCase whether the name is compared ignoring case (unquoted names, and MySQL's)
	 */
	static int functionRank(String s, int start, int len, boolean ignoreCase, boolean mysql) {
		int word = (mysql ? MYSQL_QUERY_WORDS : POSTGRES_QUERY_WORDS).find(s, start, len, ignoreCase, Q_OTHER);
		if (word == Q_WRITE_FUNCTION) {
			return Rank.WRITE;
		}
		return (word == Q_LOCK_FUNCTION || (word == Q_OTHER && isAdvisoryLock(s, start, len, ignoreCase))) ? Rank.LOCKING
				: Rank.NONE;
	}

	/** PostgreSQL's advisory lock functions, pg_advisory_* and pg_try_advisory_*: in both dialects, as before. */
	private static boolean isAdvisoryLock(String s, int start, int len, boolean ignoreCase) {
		return len >= 11 && (s.charAt(start) | 0x20) == 'p' && (startsWith(s, start, len, "pg_advisory", ignoreCase)
				|| startsWith(s, start, len, "pg_try_advisory", ignoreCase));
	}

	/** Whether a word of a MySQL SET names a scope beyond the session (GLOBAL, PERSIST, PERSIST_ONLY). */
	static boolean isGlobalScope(String s, int start, int len) {
		return is(s, start, len, "global") || is(s, start, len, "persist") || is(s, start, len, "persist_only");
	}

	/** Whether the word is ANALYZE, or its British spelling ANALYSE, which PostgreSQL accepts too. */
	static boolean isAnalyze(String s, int start, int len) {
		return is(s, start, len, "analyze") || is(s, start, len, "analyse");
	}

	/** Whether the word {@code s[start, start + len)} is {@code lower}, ignoring case (see {@link WordTable#is}). */
	static boolean is(String s, int start, int len, String lower) {
		return WordTable.is(s, start, len, lower);
	}

	private static boolean startsWith(String s, int start, int len, String lower, boolean ignoreCase) {
		int prefix = lower.length();
		return len >= prefix && (ignoreCase ? is(s, start, prefix, lower) : s.startsWith(lower, start));
	}

}
