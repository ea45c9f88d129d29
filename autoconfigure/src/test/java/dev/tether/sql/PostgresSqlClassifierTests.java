package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link SqlClassifier#postgres()}: every construct of each {@link SqlKind}, and the lexical
 * traps (comments, strings, quoted identifiers, dollar quotes) that must never change the kind.
 */
class PostgresSqlClassifierTests {

	private static final SqlClassifier classifier = SqlClassifier.postgres();

	private static void assertKind(SqlKind expected, String... statements) {
		for (String sql : statements) {
			assertThat(classifier.classify(sql)).as("kind of [%s]", sql).isEqualTo(expected);
		}
	}

	@Test
	void postgresReturnsTheSameStatelessInstance() {
		assertThat(SqlClassifier.postgres()).isSameAs(SqlClassifier.postgres());
	}

	@Nested
	class Reads {

		@Test
		void plainSelectsAreReads() {
			assertKind(SqlKind.READ, "SELECT 1", "select * from product", "SELECT id, name FROM product WHERE id = ?",
					"select p1_0.id,p1_0.name from product p1_0 where p1_0.id=?",
					"SELECT count(*) FROM orders o JOIN customer c ON c.id = o.customer_id GROUP BY c.id HAVING count(*) > 3",
					"select now()", "SELECT * FROM t ORDER BY updated_at DESC LIMIT 10 OFFSET 20");
		}

		@Test
		void valuesTableAndShowAreReads() {
			assertKind(SqlKind.READ, "VALUES (1, 'a'), (2, 'b')", "TABLE product", "SHOW search_path",
					"show transaction_isolation", "SHOW ALL");
		}

		@Test
		void keywordsAreCaseInsensitiveAndWhitespaceIsAnyWhitespace() {
			assertKind(SqlKind.READ, "SeLeCt\t*\nFROM\r\nproduct", "\n\t  select 1  \n", "sElEcT\f1");
			assertKind(SqlKind.LOCKING_READ, "select 1 from t\n\tFoR\r\n  uPdAtE");
		}

		@Test
		void aWithQueryWithoutDataModifyingCteIsARead() {
			assertKind(SqlKind.READ, "WITH x AS (SELECT id FROM t) SELECT * FROM x",
					"WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r",
					"with a as materialized (select 1), b as not materialized (select 2) select * from a, b");
		}

		@Test
		void parenthesisedLeadingStatementsAreReads() {
			assertKind(SqlKind.READ, "(SELECT 1) UNION (SELECT 2)", "((select a from t)) except select b from u",
					"(VALUES (1)) UNION ALL (TABLE t)");
		}

		@Test
		void identifiersThatMerelyContainKeywordsDoNotCount() {
			assertKind(SqlKind.READ, "SELECT updated_at, delete_flag, for_update_count FROM t",
					"select insert_ts, merged, into_x, lock_version, shared_with from t",
					"SELECT x FROM t WHERE forupdate = 1 AND nextvalue > 0 AND my_nextval = 2");
		}

		@Test
		void qualifiedNamesAndAliasesThatAreKeywordsDoNotCount() {
			assertKind(SqlKind.READ, "SELECT t.update, t.delete, s.insert FROM t, s",
					"SELECT a AS update, b AS delete, c AS into FROM t");
		}

		@Test
		void forOnlyCountsWhenItStartsALockingClause() {
			assertKind(SqlKind.READ, "SELECT substring(name FROM 2 FOR 3) FROM t",
					"SELECT overlay('abc' placing 'x' from 2 for 1)", "select for_ from t for_");
		}

		@Test
		void jdbcFunctionEscapesInsideASelectAreFine() {
			assertKind(SqlKind.READ, "SELECT {fn ucase(name)} FROM t", "select * from t where d > {d '2024-01-01'}",
					"SELECT * FROM {oj a LEFT OUTER JOIN b ON a.id = b.a_id}");
		}

		@Test
		void readFunctionsWithNamesCloseToSideEffectFunctionsAreReads() {
			assertKind(SqlKind.READ, "SELECT txid_current_if_assigned()", "select pg_current_xact_id_if_assigned()",
					"SELECT txid_current_snapshot()", "SELECT lo_get(42)", "SELECT loread(lo_open(42, 262144), 100)",
					"select replace(name, 'a', 'b') from t",
					"SELECT current_setting('search_path')");
		}

		@Test
		void aSideEffectFunctionNameWithoutParenthesisIsAColumn() {
			assertKind(SqlKind.READ, "SELECT nextval FROM t", "select t.setval, pg_notify from t");
		}

		@Test
		void copyToStdoutIsARead() {
			assertKind(SqlKind.READ, "COPY product TO STDOUT", "copy product (id, name) to stdout with (format csv, header)",
					"COPY (SELECT * FROM product WHERE price > 10) TO STDOUT (FORMAT binary)");
		}

		@Test
		void explainWithoutAnalyzeIsAReadWhateverItExplains() {
			assertKind(SqlKind.READ, "EXPLAIN SELECT * FROM t", "EXPLAIN UPDATE t SET a = 1",
					"explain verbose delete from t", "EXPLAIN (FORMAT JSON, COSTS OFF) INSERT INTO t VALUES (1)",
					"EXPLAIN (ANALYZE false) UPDATE t SET a = 1", "EXPLAIN (ANALYZE off, VERBOSE) DELETE FROM t",
					"EXPLAIN (ANALYZE 0) MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
					"EXPLAIN (SELECT 1)", "explain ((select 1) union (select 2))");
		}

		@Test
		void explainAnalyzeOfAReadIsARead() {
			assertKind(SqlKind.READ, "EXPLAIN ANALYZE SELECT * FROM t", "explain analyse verbose select 1",
					"EXPLAIN (ANALYZE) SELECT 1", "EXPLAIN (ANALYZE true, BUFFERS) SELECT 1",
					"EXPLAIN (VERBOSE, ANALYZE on, FORMAT YAML) WITH x AS (SELECT 1) SELECT * FROM x");
		}

		@Test
		void explainAnalyzeOfALockingReadIsALockingRead() {
			assertKind(SqlKind.LOCKING_READ, "EXPLAIN ANALYZE SELECT * FROM t FOR UPDATE");
		}

	}

	@Nested
	class LockingReads {

		@Test
		void everyRowLockingClauseIsALockingRead() {
			assertKind(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE id = ? FOR UPDATE",
					"select p1_0.id,p1_0.version from product p1_0 where p1_0.id=? for no key update",
					"SELECT * FROM t FOR SHARE", "SELECT * FROM t FOR KEY SHARE");
		}

		@Test
		void lockingClauseOptionsAreLockingReads() {
			assertKind(SqlKind.LOCKING_READ, "SELECT * FROM t a JOIN u b ON a.id = b.id FOR UPDATE OF a, b NOWAIT",
					"SELECT * FROM jobs WHERE state = 'new' LIMIT 10 FOR UPDATE SKIP LOCKED",
					"select * from t for no key update of t skip locked", "SELECT * FROM t FOR SHARE OF t NOWAIT");
		}

		@Test
		void lockInShareModeIsALockingRead() {
			assertKind(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE id = 1 LOCK IN SHARE MODE");
		}

		@Test
		void aLockingClauseInASubqueryOrCteIsALockingRead() {
			assertKind(SqlKind.LOCKING_READ, "WITH x AS (SELECT * FROM t) SELECT * FROM x FOR UPDATE",
					"WITH x AS (SELECT * FROM t FOR UPDATE) SELECT * FROM x",
					"SELECT * FROM (SELECT * FROM t FOR SHARE) s", "(SELECT * FROM t FOR UPDATE)");
		}

		@Test
		void advisoryLockFunctionsAreLockingReads() {
			assertKind(SqlKind.LOCKING_READ, "SELECT pg_advisory_lock(42)", "select pg_advisory_xact_lock(1, 2)",
					"SELECT pg_try_advisory_lock(?)", "SELECT pg_try_advisory_xact_lock_shared(7)",
					"SELECT pg_advisory_lock_shared(1)", "SELECT pg_advisory_unlock(42)",
					"SELECT PG_ADVISORY_LOCK (42)", "select pg_catalog.pg_advisory_lock(hashtext(?))",
					"SELECT pg_advisory_lock /* id */ (42)", "SELECT \"pg_advisory_lock\"(1)");
		}

		@Test
		void aLockingReadInCopyIsALockingRead() {
			assertKind(SqlKind.LOCKING_READ, "COPY (SELECT * FROM t FOR UPDATE) TO STDOUT");
		}

	}

	@Nested
	class Writes {

		@Test
		void dmlStatementsAreWrites() {
			assertKind(SqlKind.WRITE, "insert into product (name,price,id) values (?,?,?)",
					"update product set name=?,version=? where id=? and version=?", "delete from product where id=?",
					"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a",
					"INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = excluded.a",
					"UPSERT INTO t VALUES (1)", "REPLACE INTO t VALUES (1)", "TRUNCATE t");
		}

		@Test
		void ddlAndMaintenanceStatementsAreWrites() {
			assertKind(SqlKind.WRITE, "CREATE TABLE t (id int)", "ALTER TABLE t ADD COLUMN a int", "DROP TABLE t",
					"COMMENT ON TABLE t IS 'x'", "GRANT SELECT ON t TO bob", "REVOKE ALL ON t FROM bob",
					"CREATE INDEX CONCURRENTLY i ON t (a)", "VACUUM t", "VACUUM ANALYZE t", "ANALYZE t", "REINDEX TABLE t",
					"CLUSTER t", "REFRESH MATERIALIZED VIEW v", "CHECKPOINT", "CREATE TABLE t2 AS SELECT * FROM t");
		}

		@Test
		void proceduresLocksNotificationsAndCursorsAreWrites() {
			assertKind(SqlKind.WRITE, "CALL proc(1)", "DO $$BEGIN PERFORM 1; END$$", "LOCK TABLE t IN SHARE MODE",
					"LISTEN chan", "NOTIFY chan, 'x'", "UNLISTEN *", "PREPARE p AS SELECT 1", "EXECUTE p",
					"DECLARE c CURSOR FOR SELECT 1", "FETCH 10 FROM c", "CLOSE c");
		}

		@Test
		void copyFromIsAWrite() {
			assertKind(SqlKind.WRITE, "COPY product FROM STDIN", "copy product (id, name) from stdin with (format csv)",
					"COPY product FROM '/tmp/p.csv'");
		}

		@Test
		void copyToAServerFileOrProgramIsAWrite() {
			assertKind(SqlKind.WRITE, "COPY product TO '/tmp/p.csv'", "COPY product TO PROGRAM 'gzip > /tmp/p.gz'",
					"COPY (SELECT 1) TO '/tmp/x'");
		}

		@Test
		void aDataModifyingCteIsAWrite() {
			assertKind(SqlKind.WRITE, "WITH x AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM x",
					"WITH d AS (DELETE FROM t WHERE a < 0 RETURNING id) SELECT count(*) FROM d",
					"with i as (insert into t (a) values (1) returning id) select id from i",
					"WITH m AS NOT MATERIALIZED (MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE RETURNING *) SELECT 1",
					"WITH x AS (SELECT 1) UPDATE t SET a = 1", "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
					"WITH x AS (SELECT * FROM t FOR UPDATE) DELETE FROM t USING x WHERE t.id = x.id",
					"COPY (UPDATE t SET a = 1 RETURNING *) TO STDOUT");
		}

		@Test
		void selectIntoANewTableIsAWrite() {
			assertKind(SqlKind.WRITE, "SELECT * INTO new_table FROM t", "select a, b into temp x from t",
					"SELECT * INTO UNLOGGED TABLE t2 FROM t");
		}

		@Test
		void explainAnalyzeOfDmlIsAWrite() {
			assertKind(SqlKind.WRITE, "EXPLAIN ANALYZE UPDATE t SET a = 1", "explain analyse delete from t",
					"EXPLAIN ANALYZE VERBOSE INSERT INTO t VALUES (1)", "EXPLAIN (ANALYZE) DELETE FROM t",
					"EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1", "EXPLAIN (ANALYZE true) DELETE FROM t",
					"EXPLAIN (FORMAT JSON, ANALYZE 1) UPDATE t SET a = 1",
					"EXPLAIN (ANALYZE ON) MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE",
					"EXPLAIN ANALYZE WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
					"EXPLAIN ANALYZE CREATE TABLE t2 AS SELECT 1", "EXPLAIN ANALYZE EXECUTE p",
					"EXPLAIN ANALYZE SELECT nextval('s')");
		}

		@Test
		void anAnalyzeOptionCountsUnlessItsValueIsFalseOffOrZero() {
			assertKind(SqlKind.WRITE, "EXPLAIN (ANALYZE 'off') DELETE FROM t", "EXPLAIN (ANALYZE yes) DELETE FROM t",
					"EXPLAIN (ANALYZE false, ANALYZE) DELETE FROM t");
		}

		@Test
		void incompleteOrInvalidExplainsAreWrites() {
			assertKind(SqlKind.WRITE, "EXPLAIN", "EXPLAIN ANALYZE", "EXPLAIN (ANALYZE", "EXPLAIN (FORMAT JSON)",
					"EXPLAIN VACUUM t", "EXPLAIN ANALYZE SHOW x", "EXPLAIN EXPLAIN SELECT 1", "EXPLAIN 'x'");
		}

		@Test
		void sequenceAndSideEffectFunctionsAreWrites() {
			assertKind(SqlKind.WRITE, "select nextval('product_seq')", "SELECT setval('s', 42, true)",
					"SELECT currval('s')", "SELECT lastval()", "SELECT lo_create(0)", "SELECT lo_import('/tmp/f')",
					"SELECT lo_unlink(42)", "SELECT lo_put(42, 0, '\\x00')", "SELECT lo_from_bytea(0, 'x')",
					"SELECT lo_creat(-1)", "SELECT lo_truncate(0, 10)", "SELECT lo_truncate64(0, 10)",
					"SELECT lowrite(0, 'x')",
					"SELECT pg_notify('chan', 'x')", "SELECT set_config('search_path', 'x', false)",
					"SELECT pg_terminate_backend(123)", "SELECT pg_cancel_backend(123)", "SELECT txid_current()",
					"SELECT pg_current_xact_id()", "SELECT id, NEXTVAL ('s') FROM t",
					"select pg_catalog.nextval('s')", "VALUES (nextval('s'))", "SELECT nextval /* seq */ ('s')",
					"SELECT \"nextval\"('s')", "SELECT * FROM t WHERE id = (SELECT setval('s', 1))",
					"SELECT {fn nextval('s')}");
		}

		@Test
		void jdbcCallEscapesAreWrites() {
			assertKind(SqlKind.WRITE, "{call proc(?)}", "{? = call f(?)}", "{ call proc() }");
		}

		@Test
		void readWriteTransactionStartsAreWrites() {
			assertKind(SqlKind.WRITE, "SET TRANSACTION READ WRITE",
					"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE",
					"SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "START TRANSACTION READ WRITE",
					"start transaction isolation level repeatable read, read write", "BEGIN READ WRITE",
					"BEGIN TRANSACTION READ WRITE", "begin work isolation level read committed read write");
		}

		@Test
		void turningTransactionReadOnlyOffIsAWrite() {
			assertKind(SqlKind.WRITE, "SET transaction_read_only = off", "SET LOCAL transaction_read_only TO false",
					"SET SESSION default_transaction_read_only = 0", "SET transaction_read_only TO DEFAULT",
					"SET transaction_read_only");
		}

		@Test
		void twoPhaseCommitStatementsAreWrites() {
			assertKind(SqlKind.WRITE, "PREPARE TRANSACTION 'tx1'", "COMMIT PREPARED 'tx1'", "ROLLBACK PREPARED 'tx1'");
		}

		@Test
		void unknownEmptyAndBlankSqlIsAWrite() {
			assertKind(SqlKind.WRITE, "", " ", "\n\t", ";", " ; ; ", "-- only a comment", "/* only a comment */",
					"FOO BAR", "42", "'select'", "(", "((", "()", "(UPDATE t SET a = 1)", "(SHOW x)", "START", "SET",
					"\"select\" 1");
			assertThat(classifier.classify(null)).isEqualTo(SqlKind.WRITE);
		}

		@Test
		void unterminatedLiteralsAndCommentsAreWrites() {
			assertKind(SqlKind.WRITE, "SELECT 'unterminated", "SELECT \"unterminated", "SELECT E'unterminated\\'",
					"SELECT $$unterminated", "SELECT $tag$unterminated$tag", "SELECT 1 /* unterminated",
					"SELECT 1 /* nested /* once */ but not closed", "SELECT U&'unterminated", "SELECT U&\"unterminated",
					"SELECT 1; SELECT \"unterminated");
		}

	}

	@Nested
	class SessionStatements {

		@Test
		void setAndResetAreSessionStatements() {
			assertKind(SqlKind.SESSION, "SET search_path TO app, public", "set local statement_timeout = '5s'",
					"SET SESSION application_name = 'x'", "SET TIME ZONE 'UTC'", "SET ROLE app_reader",
					"RESET ALL", "reset search_path", "SET CONSTRAINTS ALL DEFERRED",
					"SET SESSION AUTHORIZATION DEFAULT", "SET application_name = 'read write'",
					"SET transaction_read_only = on", "SET default_transaction_read_only TO true");
		}

		@Test
		void readOnlyAndIsolationTransactionSettingsAreSessionStatements() {
			assertKind(SqlKind.SESSION, "SET TRANSACTION READ ONLY",
					"SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "set transaction isolation level read uncommitted",
					"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
					"SET TRANSACTION SNAPSHOT '00000003-0000001B-1'");
		}

		@Test
		void transactionControlStatementsAreSessionStatements() {
			assertKind(SqlKind.SESSION, "BEGIN", "begin transaction", "BEGIN WORK", "BEGIN READ ONLY",
					"BEGIN ISOLATION LEVEL REPEATABLE READ", "START TRANSACTION",
					"START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE", "COMMIT", "commit work",
					"COMMIT AND CHAIN", "END", "ROLLBACK", "ABORT", "ROLLBACK TO SAVEPOINT s1", "SAVEPOINT s1",
					"RELEASE SAVEPOINT s1", "RELEASE s1");
		}

		@Test
		void discardAndDeallocateAreSessionStatements() {
			assertKind(SqlKind.SESSION, "DISCARD ALL", "discard plans", "DEALLOCATE ALL", "DEALLOCATE PREPARE p1",
					"deallocate p1");
		}

	}

	@Nested
	class MultipleStatements {

		@Test
		void aLoneTrailingSemicolonIsFine() {
			assertKind(SqlKind.READ, "SELECT 1;", "SELECT 1 ; ", "SELECT 1;\n-- done\n", "SELECT 1;;");
			assertKind(SqlKind.SESSION, "COMMIT;");
		}

		@Test
		void theMostSevereKindWins() {
			assertKind(SqlKind.READ, "SELECT 1; SELECT 2", "select 1; show x; values (1)");
			assertKind(SqlKind.SESSION, "BEGIN; SELECT 1; COMMIT", "SELECT 1; SET x = 1");
			assertKind(SqlKind.LOCKING_READ, "BEGIN; SELECT * FROM t FOR UPDATE; COMMIT",
					"SELECT pg_advisory_lock(1); SELECT 1");
			assertKind(SqlKind.WRITE, "SELECT 1; UPDATE t SET a = 1", "BEGIN; SELECT 1 FOR UPDATE; DELETE FROM t; COMMIT",
					"SELECT 1; FOO", "SELECT 1; SELECT 'unterminated", "EXPLAIN UPDATE t SET a = 1; UPDATE t SET a = 1");
		}

		@Test
		void aSemicolonInsideAStringCommentOrQuotedIdentifierDoesNotSeparate() {
			assertKind(SqlKind.READ, "SELECT '; UPDATE t SET a = 1'", "SELECT 1 /* ; DELETE FROM t */",
					"SELECT 1 -- ; DELETE FROM t", "SELECT \"a;update\" FROM t", "SELECT $$; delete from t$$",
					"SELECT E'\\'; delete from t'");
		}

	}

	@Nested
	class Lexing {

		@Test
		void wordsInsideStringsNeverCount() {
			assertKind(SqlKind.READ, "SELECT 'for update'", "SELECT * FROM t WHERE a = 'delete' OR b = 'insert into x'",
					"SELECT 'it''s for update'", "SELECT 'nextval(''s'')'", "SELECT n'for update', b'1010', x'FF'",
					"SELECT U&'for update \\0041'", "SELECT e'for update'");
		}

		@Test
		void escapeStringsHonourBackslashEscapes() {
			assertKind(SqlKind.READ, "SELECT E'it\\'s for update'", "SELECT E'\\\\' FROM t", "SELECT e'a\\'' || 'update'",
					"SELECT E'it''s; delete'");
			assertKind(SqlKind.LOCKING_READ, "SELECT E'\\\\' FROM t FOR UPDATE");
		}

		@Test
		void standardStringsTreatBackslashAsAPlainCharacter() {
			// standard_conforming_strings = on: the backslash does not escape the quote
			assertKind(SqlKind.READ, "SELECT * FROM t WHERE name LIKE ? ESCAPE '\\'");
			assertKind(SqlKind.WRITE, "SELECT 'a\\'; DELETE FROM t");
		}

		@Test
		void wordsInsideQuotedIdentifiersNeverCount() {
			assertKind(SqlKind.READ, "SELECT \"update\" FROM t", "SELECT \"for update\", \"delete\" FROM \"insert\"",
					"SELECT \"a\"\"update\"\"\" FROM t", "SELECT U&\"upd\\0061te\" FROM t", "SELECT \"nextval\" FROM t",
					"SELECT \"NEXTVAL\"('s')");
		}

		@Test
		void wordsInsideCommentsNeverCount() {
			assertKind(SqlKind.READ, "SELECT 1 -- for update", "SELECT 1 /* for update */", "/* delete */ SELECT 1",
					"-- update t\nSELECT 1", "SELECT 1 --\r\n", "SELECT 1 --", "SELECT 1 /**/", "SELECT 1/*/ update */");
			assertKind(SqlKind.LOCKING_READ, "SELECT 1 -- a line comment ends at a carriage return\r FOR UPDATE");
		}

		@Test
		void blockCommentsNest() {
			assertKind(SqlKind.READ, "SELECT 1 /* outer /* inner */ for update */",
					"/* a /* b /* c */ update */ delete */ SELECT 1", "SELECT /* /* */ */ 1");
			assertKind(SqlKind.LOCKING_READ, "SELECT 1 /* outer /* inner */ still comment */ FOR UPDATE");
			assertKind(SqlKind.WRITE, "SELECT 1 /* outer /* inner */ FOR UPDATE", "SELECT 1 /* a */ */ UPDATE t");
		}

		@Test
		void dollarQuotesHideTheirContent() {
			assertKind(SqlKind.READ, "SELECT $$for update$$", "SELECT $$it's; delete from t$$",
					"SELECT $update$ for update $update$", "SELECT $for_update$ $$ delete $$ $for_update$",
					"SELECT $a$ $b$ update $b$ $a$", "SELECT $x$ $X$ delete $X$ $x$", "SELECT $_$ update $_$",
					"SELECT $é$ for update $é$");
			assertKind(SqlKind.WRITE, "SELECT $a$ x $a $a$ UPDATE t", "SELECT $tag$ unterminated $TAG$");
		}

		@Test
		void dollarDigitsAreParametersNotDollarQuotes() {
			assertKind(SqlKind.READ, "SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT $1::int, $12 FROM t");
			assertKind(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE a = $1 FOR UPDATE");
			assertKind(SqlKind.WRITE, "SELECT * FROM t WHERE a = $1; DELETE FROM t WHERE b = $2");
		}

		@Test
		void identifiersMayContainDollarSigns() {
			assertKind(SqlKind.READ, "SELECT a$$b, c$update FROM t");
		}

		@Test
		void commentsMayAppearInsideOperatorsAndBetweenAnyTokens() {
			assertKind(SqlKind.READ, "SELECT 1+--x\n2", "SELECT 1+/*x*/2");
			assertKind(SqlKind.LOCKING_READ, "SELECT 1 FOR/**/UPDATE", "SELECT 1 FOR--x\nNO/**/KEY\tUPDATE");
		}

		@Test
		void nonAsciiCharactersAreIdentifierCharacters() {
			assertKind(SqlKind.READ, "SELECT prénom, 名前 FROM personne", "SELECT * FROM t WHERE name = 'Ünïcödé update'");
			assertKind(SqlKind.WRITE, "UPDATE personne SET prénom = 'x'", "SELECT\u00a01");
		}

	}

}
