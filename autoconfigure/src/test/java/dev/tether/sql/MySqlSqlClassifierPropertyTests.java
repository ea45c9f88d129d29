package dev.tether.sql;

import java.util.List;

import dev.tether.sql.MeaningPreservingRewrites.Base;
import org.junit.jupiter.api.Test;

/**
 * Property-style tests for {@link SqlClassifier#mysql()}: MySQL and MariaDB statements of known kind,
 * rewritten at random with MySQL's lexical traps ({@code #} and {@code -- } comments, comments that do
 * not nest, backslash escapes in single- and double-quoted strings, backtick identifiers), must keep
 * their kind.
 * <p>
 * Each run uses a new seed, printed in any failure message; set the system property
 * {@value MeaningPreservingRewrites#SEED_PROPERTY} to replay a run.
 */
class MySqlSqlClassifierPropertyTests {

	private static final int RUNS = 20_000;

	private static final SqlClassifier classifier = SqlClassifier.mysql();

	/**
	 * Base statements: tokens separated by single spaces; {@code {s}} takes a string literal and
	 * {@code {q}} a backtick identifier. Variables ({@code @a}, {@code @@x}) and {@code :=} are single
	 * tokens, because MySQL allows no space inside them.
	 */
	private static final List<Base> BASES = List.of(
			// reads
			new Base(SqlKind.READ, "SELECT {q} , {s} FROM t WHERE a = {s} ORDER BY updated_at LIMIT 10"),
			new Base(SqlKind.READ, "select p1_0 . id , p1_0 . name from product p1_0 where p1_0 . id = ?"),
			new Base(SqlKind.READ, "WITH x AS ( SELECT {q} FROM t WHERE b = {s} ) SELECT * FROM x"),
			new Base(SqlKind.READ, "SELECT @@read_only , @@global.server_id , @update , {s} FROM dual"),
			new Base(SqlKind.READ, "SHOW VARIABLES LIKE {s}"),
			new Base(SqlKind.READ, "DESCRIBE {q}"),
			new Base(SqlKind.READ, "EXPLAIN UPDATE t SET a = {s} WHERE {q} = 1"),
			new Base(SqlKind.READ, "EXPLAIN FORMAT = JSON DELETE FROM {q} WHERE a = {s}"),
			new Base(SqlKind.READ, "SELECT INSERT ( name , 1 , 0 , {s} ) , REPLACE ( {q} , {s} , {s} ) FROM t"),
			new Base(SqlKind.READ, "SELECT a AS update , t . delete , delete_flag , t . next FROM t WHERE x = ?"),
			// locking reads
			new Base(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE id = {s} FOR UPDATE"),
			new Base(SqlKind.LOCKING_READ, "select {q} from t where a = {s} for update skip locked"),
			new Base(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE a = {s} FOR SHARE NOWAIT"),
			new Base(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE {q} = {s} LOCK IN SHARE MODE"),
			new Base(SqlKind.LOCKING_READ, "SELECT GET_LOCK ( {s} , 10 )"),
			new Base(SqlKind.LOCKING_READ, "SELECT RELEASE_LOCK ( {s} ) , {q}"),
			new Base(SqlKind.LOCKING_READ, "SELECT a INTO @a FROM t WHERE b = {s} FOR UPDATE"),
			// writes
			new Base(SqlKind.WRITE, "UPDATE t SET a = {s} WHERE {q} = 1"),
			new Base(SqlKind.WRITE,
					"insert into t ( {q} , b ) values ( {s} , ? ) on duplicate key update b = values ( b )"),
			new Base(SqlKind.WRITE, "REPLACE INTO t ( {q} ) VALUES ( {s} )"),
			new Base(SqlKind.WRITE, "DELETE FROM t WHERE a = {s}"),
			new Base(SqlKind.WRITE, "UPDATE t SET a = {s} , b = ( SELECT c FROM u WHERE d = {s} )"),
			new Base(SqlKind.WRITE, "DELETE FROM {q}"),
			new Base(SqlKind.WRITE, "DELETE FROM t ORDER BY id LIMIT 10"),
			new Base(SqlKind.WRITE, "SELECT {q} FROM t INTO OUTFILE {s}"),
			new Base(SqlKind.WRITE, "LOAD DATA INFILE {s} INTO TABLE t"),
			new Base(SqlKind.WRITE, "SELECT LAST_INSERT_ID ( ) , {s}"),
			new Base(SqlKind.WRITE, "SELECT NEXT VALUE FOR {q}"),
			new Base(SqlKind.WRITE, "DO GET_LOCK ( {s} , 1 )"),
			new Base(SqlKind.WRITE, "HANDLER t READ FIRST"),
			new Base(SqlKind.WRITE, "SET GLOBAL read_only = {s}"),
			new Base(SqlKind.WRITE, "SET @@global.read_only = 0"),
			new Base(SqlKind.WRITE, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE , READ WRITE"),
			new Base(SqlKind.WRITE, "CALL proc ( {s} )"),
			// session statements
			new Base(SqlKind.SESSION, "SET NAMES {s}"),
			new Base(SqlKind.SESSION, "SET @x = {s} , @update = 1"),
			new Base(SqlKind.SESSION, "SELECT {q} INTO @a FROM t WHERE b = {s}"),
			new Base(SqlKind.SESSION, "SELECT @rank := @rank + 1 , {q} FROM t"),
			new Base(SqlKind.SESSION, "START TRANSACTION READ ONLY"),
			new Base(SqlKind.SESSION, "COMMIT"),
			new Base(SqlKind.SESSION, "USE {q}"),
			new Base(SqlKind.SESSION, "SET SESSION sql_mode = {s}"));

	/** String literals full of words, quotes, comment markers and semicolons that must not count. */
	private static final List<String> STRINGS = List.of("'for update'", "'update t set a = 1; delete from t'",
			"'it''s; for update'", "'it\\'s for update'", "\"it\\\"s; delete\"", "\"for update\"", "\"a\"\"; update\"",
			"'\\\\'", "\"\\\\\"", "'--'", "'-- x'", "'#'", "'/*'", "'*/ update /*'", "'/*! for update */'", "''", "\"\"",
			"'`'", "\"'\"", "'\"'", "N'delete'", "_utf8mb4'update'", "X'FF'", "'$$ ; delete $$'", "'\\n; delete'");

	/** Backtick identifiers that look like keywords. */
	private static final List<String> QUOTED_IDENTIFIERS = List.of("`update`", "`for update`", "`a``; delete`", "`--`",
			"`/*`", "`#`", "`'`", "`\"`", "`insert into`", "`get_lock`");

	/** What may separate two tokens: whitespace and comments, none nested, all full of traps. */
	private static final List<String> SEPARATORS = List.of(" ", " ", " ", "  ", "\t", "\n", "\r\n", " \n\t ",
			"/* c */", "/**/", " /* update; delete */ ", "/* ' \" ` # -- */", "/* /* not nested */",
			" -- for update; delete\n", " --\n", "-- \n", " -- ' \" ` /*\r\n", " # for update; delete\n", "#\n",
			" #' \" ` /*\r\n", "\f", "/*+ hint ( 1 ) */");

	private static final MeaningPreservingRewrites rewrites = new MeaningPreservingRewrites(BASES, STRINGS,
			QUOTED_IDENTIFIERS, SEPARATORS);

	@Test
	void meaningPreservingRewritesNeverChangeTheKind() {
		rewrites.check(classifier, RUNS);
	}

	@Test
	void everyBaseStatementHasItsKindUnchanged() {
		rewrites.checkBases(classifier, "'x'", "`x`");
	}

}
