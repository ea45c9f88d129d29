package dev.tether.sql;

import java.util.List;

import dev.tether.sql.MeaningPreservingRewrites.Base;
import org.junit.jupiter.api.Test;

/**
 * Property-style tests for {@link SqlClassifier#postgres()}: statements of known kind, rewritten at random
 * in ways that do not change their meaning, must keep their kind.
 * <p>
 * Each run uses a new seed, printed in any failure message; set the system property
 * {@value MeaningPreservingRewrites#SEED_PROPERTY} to replay a run.
 */
class PostgresSqlClassifierPropertyTests {

	private static final int RUNS = 20_000;

	private static final SqlClassifier classifier = SqlClassifier.postgres();

	/**
	 * Base statements: tokens separated by single spaces; {@code {s}} takes a string literal and
	 * {@code {q}} a quoted identifier.
	 */
	private static final List<Base> BASES = List.of(
			// reads
			new Base(SqlKind.READ, "SELECT {q} , {s} FROM t WHERE a = {s} ORDER BY updated_at"),
			new Base(SqlKind.READ, "select p1_0 . id , p1_0 . name from product p1_0 where p1_0 . id = ?"),
			new Base(SqlKind.READ, "WITH x AS ( SELECT {q} FROM t WHERE b = {s} ) SELECT * FROM x"),
			new Base(SqlKind.READ, "( SELECT 1 ) UNION ( SELECT {s} )"),
			new Base(SqlKind.READ, "SELECT substring ( name FROM 2 FOR 3 ) , {s} :: text FROM t"),
			new Base(SqlKind.READ, "VALUES ( {s} , 1 ) , ( {s} , 2 )"),
			new Base(SqlKind.READ, "SHOW search_path"),
			new Base(SqlKind.READ, "EXPLAIN UPDATE t SET a = {s} WHERE {q} = 1"),
			new Base(SqlKind.READ, "EXPLAIN ( ANALYZE , FORMAT JSON ) SELECT {s} FROM {q}"),
			new Base(SqlKind.READ, "COPY ( SELECT {q} FROM t WHERE a = {s} ) TO STDOUT WITH ( FORMAT csv )"),
			new Base(SqlKind.READ, "SELECT a AS update , t . delete , delete_flag FROM t WHERE x = $1"),
			new Base(SqlKind.READ, "SELECT { fn ucase ( {s} ) } , updated_at FROM t"),
			// locking reads
			new Base(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE id = {s} FOR UPDATE"),
			new Base(SqlKind.LOCKING_READ, "select {q} from t for no key update of t skip locked"),
			new Base(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE a = {s} FOR KEY SHARE NOWAIT"),
			new Base(SqlKind.LOCKING_READ, "SELECT pg_advisory_xact_lock ( hashtext ( {s} ) )"),
			new Base(SqlKind.LOCKING_READ, "WITH x AS ( SELECT * FROM t WHERE a = {s} FOR SHARE ) SELECT * FROM x"),
			new Base(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE {q} = {s} LOCK IN SHARE MODE"),
			// writes
			new Base(SqlKind.WRITE, "UPDATE t SET a = {s} WHERE {q} = 1"),
			new Base(SqlKind.WRITE, "insert into t ( {q} , b ) values ( {s} , ? )"),
			new Base(SqlKind.WRITE, "DELETE FROM t WHERE a = {s}"),
			new Base(SqlKind.WRITE, "UPDATE t SET a = {s} , b = ( SELECT c FROM u WHERE d = {s} )"),
			new Base(SqlKind.WRITE, "DELETE FROM {q}"),
			new Base(SqlKind.WRITE, "WITH x AS ( DELETE FROM t RETURNING * ) SELECT * FROM x"),
			new Base(SqlKind.WRITE, "WITH x AS ( UPDATE t SET a = {s} RETURNING * ) SELECT * FROM x"),
			new Base(SqlKind.WRITE, "SELECT nextval ( {s} ) , {q} FROM t"),
			new Base(SqlKind.WRITE, "SELECT {q} INTO t2 FROM t WHERE a = {s}"),
			new Base(SqlKind.WRITE, "EXPLAIN ANALYZE DELETE FROM t WHERE a = {s}"),
			new Base(SqlKind.WRITE, "COPY t ( {q} ) FROM STDIN"),
			new Base(SqlKind.WRITE, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE , READ WRITE"),
			new Base(SqlKind.WRITE, "{ call proc ( {s} ) }"),
			// session statements
			new Base(SqlKind.SESSION, "SET application_name = {s}"),
			new Base(SqlKind.SESSION, "BEGIN READ ONLY"),
			new Base(SqlKind.SESSION, "COMMIT"),
			new Base(SqlKind.SESSION, "SAVEPOINT s1"),
			new Base(SqlKind.SESSION, "SET LOCAL search_path TO {q} , public"));

	/** String literals full of words, quotes, comment markers and semicolons that must not count. */
	private static final List<String> STRINGS = List.of("'for update'", "'update t set a = 1; delete from t'",
			"'it''s; for update'", "E'it\\'s for update'", "E'\\\\'", "e'\\''", "$$ for update ; delete $$",
			"$update$ ; for update $update$", "$for$ $$ ; $$ delete $for$", "$a$ $b$ update $b$ $a$",
			"U&'d\\0061ta; update'", "'--'", "'/*'", "'*/ update /*'", "''", "'$$'", "$x$'$x$", "N'delete'",
			"'\"update\"'", "$$--$$", "'\\'");

	/** Quoted identifiers that look like keywords. */
	private static final List<String> QUOTED_IDENTIFIERS = List.of("\"update\"", "\"for update\"",
			"\"a\"\"; delete\"", "\"--\"", "\"/*\"", "\"$$\"", "U&\"upd\\0061te\"", "\"'\"", "\"insert into\"");

	/** What may separate two tokens: whitespace and comments, some nested, all full of traps. */
	private static final List<String> SEPARATORS = List.of(" ", " ", " ", "  ", "\t", "\n", "\r\n", " \n\t ",
			"/* c */", "/**/", " /* update; delete */ ", "/* a /* nested for update */ ; delete */",
			"/* /* /* deep */ */ update */", " -- for update; delete\n", " --\n", " -- ' \" $$ /*\r\n",
			"/* ' \" $$ */", "\f");

	private static final MeaningPreservingRewrites rewrites = new MeaningPreservingRewrites(BASES, STRINGS,
			QUOTED_IDENTIFIERS, SEPARATORS);

	@Test
	void meaningPreservingRewritesNeverChangeTheKind() {
		rewrites.check(classifier, RUNS);
	}

	@Test
	void everyBaseStatementHasItsKindUnchanged() {
		rewrites.checkBases(classifier, "'x'", "\"x\"");
	}

}
