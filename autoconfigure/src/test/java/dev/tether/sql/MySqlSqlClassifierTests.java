package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link SqlClassifier#mysql()}: the MySQL and MariaDB constructs of each {@link SqlKind},
 * and the lexical rules in which MySQL differs from PostgreSQL.
 */
class MySqlSqlClassifierTests {

	private static final SqlClassifier classifier = SqlClassifier.mysql();

	private static void assertKind(SqlKind expected, String... statements) {
		for (String sql : statements) {
			assertThat(classifier.classify(sql)).as("kind of [%s]", sql).isEqualTo(expected);
		}
	}

	@Test
	void mysqlReturnsTheSameStatelessInstanceDistinctFromPostgres() {
		assertThat(SqlClassifier.mysql()).isSameAs(SqlClassifier.mysql()).isNotSameAs(SqlClassifier.postgres());
	}

	@Nested
	class Reads {

		@Test
		void plainQueriesAreReads() {
			assertKind(SqlKind.READ, "SELECT 1", "select p1_0.id,p1_0.name from product p1_0 where p1_0.id=?",
					"SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 10", "SELECT FOUND_ROWS()",
					"SELECT * FROM t ORDER BY id DESC LIMIT 5, 10", "select 1 from dual", "TABLE t",
					"VALUES ROW(1, 2), ROW(3, 4)", "WITH x AS (SELECT 1) SELECT * FROM x",
					"SELECT HIGH_PRIORITY SQL_NO_CACHE a FROM t");
		}

		@Test
		void systemAndUserVariablesAreReadByPlainSelects() {
			assertKind(SqlKind.READ, "SELECT @@read_only, @@server_id", "select @@global.read_only, @@session.tx_isolation",
					"SELECT @@gtid_current_pos", "SELECT @update, @`insert`, @'delete' FROM t WHERE a = @x");
		}

		@Test
		void showDescribeAndExplainWithoutAnalyzeAreReads() {
			assertKind(SqlKind.READ, "SHOW SLAVE STATUS", "show variables like 'read_only'", "SHOW CREATE TABLE t",
					"DESCRIBE t", "desc `order`", "DESC t name", "EXPLAIN t", "EXPLAIN SELECT * FROM t",
					"EXPLAIN UPDATE t SET a = 1", "EXPLAIN FORMAT=JSON DELETE FROM t", "EXPLAIN EXTENDED SELECT 1",
					"explain partitions select 1", "EXPLAIN FOR CONNECTION 42", "EXPLAIN REPLACE INTO t VALUES (1)",
					"EXPLAIN ANALYZE SELECT * FROM t", "EXPLAIN ANALYZE FORMAT=TREE SELECT 1");
		}

		@Test
		void backtickIdentifiersHideKeywords() {
			assertKind(SqlKind.READ, "SELECT `update`, `for update`, `delete` FROM `insert`",
					"SELECT `a``update``` FROM t", "select `into` from t", "SELECT \"x\" FROM `select`");
		}

		@Test
		void doubleQuotesAreStringsWithBackslashEscapes() {
			assertKind(SqlKind.READ, "SELECT \"for update\"", "SELECT * FROM t WHERE a = \"it\\\"s; delete from t\"",
					"SELECT 'it\\'s; for update'", "SELECT 'it''s'", "SELECT \"a\"\"; update\"",
					"SELECT * FROM t WHERE name LIKE 'a\\\\' ESCAPE '|'", "SELECT _utf8mb4'update', N'delete', X'FF'");
		}

		@Test
		void dollarSignsAreIdentifierCharactersNotQuotes() {
			assertKind(SqlKind.READ, "SELECT $a, a$b FROM t", "SELECT $$ FROM t");
			assertKind(SqlKind.WRITE, "SELECT $$; DELETE FROM t; $$");
		}

		@Test
		void stringFunctionsNamedLikeStatementsAreReads() {
			assertKind(SqlKind.READ, "SELECT INSERT(name, 1, 0, 'x') FROM t", "select insert (a, 2, 3, b) from t",
					"SELECT REPLACE(name, 'a', 'b') FROM t", "SELECT t.insert, t.next, next, previous FROM t");
		}

	}

	@Nested
	class Comments {

		@Test
		void hashStartsALineComment() {
			assertKind(SqlKind.READ, "SELECT 1 # for update", "# delete\nSELECT 1", "SELECT 1 #; DELETE FROM t");
			assertKind(SqlKind.WRITE, "SELECT 1 #\nUNION SELECT 1; DELETE FROM t");
		}

		@Test
		void doubleDashStartsACommentOnlyWhenAWhitespaceOrControlCharacterFollows() {
			assertKind(SqlKind.READ, "SELECT 1 -- for update", "SELECT 1 --\tfor update", "SELECT 1 --",
					"SELECT 1 --\nFROM dual");
			assertKind(SqlKind.LOCKING_READ, "SELECT 1 --1 FOR UPDATE");
			assertKind(SqlKind.WRITE, "SELECT 1 --1; DELETE FROM t", "SELECT a--b FROM t; UPDATE t SET a = 1");
		}

		@Test
		void blockCommentsDoNotNest() {
			assertKind(SqlKind.READ, "SELECT 1 /* /* for update */", "SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM t");
			assertKind(SqlKind.LOCKING_READ, "SELECT 1 /* outer /* inner */ FOR UPDATE");
			assertKind(SqlKind.WRITE, "SELECT 1 /* a /* b */ ; DELETE FROM t");
		}

		@Test
		void executableCommentsCount() {
			assertKind(SqlKind.LOCKING_READ, "SELECT * FROM t /*! FOR UPDATE */", "SELECT * FROM t /*!50000 FOR UPDATE*/",
					"SELECT * FROM t /*M!100300 LOCK IN SHARE MODE */", "SELECT * FROM t /*!FOR UPDATE*/",
					"SELECT * FROM t /*!80000 FOR SHARE */ -- comment");
			assertKind(SqlKind.READ, "/*!40101 SELECT 1 */", "SELECT 1 /*!50100 , 2 */", "SELECT 1 /*!*/");
			assertKind(SqlKind.WRITE, "/*!40101 SET GLOBAL read_only = 0 */", "SELECT 1; /*! DELETE FROM t */",
					"SELECT 1 /*! ; DELETE FROM t */");
		}

		@Test
		void ambiguousExecutableCommentsAreWrites() {
			assertKind(SqlKind.WRITE, "SELECT 1 /*! FOR UPDATE", "SELECT 1 /*! /* nested */ */",
					"SELECT 1 /*!99999 ' */ ; DELETE FROM t ; -- ' */", "SELECT 1 /*!99999 # */ ; DELETE FROM t /*\n */",
					"SELECT 1 /*!99999 `*/ DELETE FROM t /*` */");
		}

	}

	@Nested
	class LockingReads {

		@Test
		void rowLockingClausesAreLockingReads() {
			assertKind(SqlKind.LOCKING_READ, "SELECT * FROM t WHERE id = ? FOR UPDATE",
					"select * from t where id=? for update nowait", "SELECT * FROM jobs LIMIT 10 FOR UPDATE SKIP LOCKED",
					"SELECT * FROM t FOR UPDATE WAIT 5", "SELECT * FROM t FOR SHARE", "SELECT * FROM t FOR SHARE OF t NOWAIT",
					"SELECT * FROM t WHERE id = 1 LOCK IN SHARE MODE", "select * from t lock in share mode nowait",
					"SELECT * FROM (SELECT * FROM t FOR UPDATE) x");
		}

		@Test
		void namedLockFunctionsAreLockingReads() {
			assertKind(SqlKind.LOCKING_READ, "SELECT GET_LOCK('job', 10)", "select get_lock(?, 0)",
					"SELECT RELEASE_LOCK('job')", "SELECT RELEASE_ALL_LOCKS()", "SELECT IS_FREE_LOCK('job')",
					"SELECT IS_USED_LOCK('job')", "SELECT get_lock /* name */ ('x', 1)", "SELECT `GET_LOCK`('x', 1)");
		}

		@Test
		void aLockFunctionNameWithoutParenthesisIsAColumn() {
			assertKind(SqlKind.READ, "SELECT get_lock FROM t", "SELECT t.get_lock, 'get_lock(1)' FROM t");
		}

	}

	@Nested
	class Writes {

		@Test
		void dmlAndUpsertsAreWrites() {
			assertKind(SqlKind.WRITE, "INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = VALUES(a)",
					"insert ignore into t values (1)", "REPLACE INTO t VALUES (1, 'a')", "replace t set a = 1",
					"UPDATE t SET a = 1 ORDER BY id LIMIT 10", "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id",
					"INSERT INTO t SELECT * FROM s FOR UPDATE", "WITH x AS (SELECT id FROM t) UPDATE t SET a = 1",
					"WITH x AS (SELECT 1) DELETE FROM t");
		}

		@Test
		void loadDataHandlerDoAndCallAreWrites() {
			assertKind(SqlKind.WRITE, "LOAD DATA INFILE '/tmp/t.csv' INTO TABLE t", "LOAD DATA LOCAL INFILE 'x' INTO TABLE t",
					"LOAD XML INFILE 'x' INTO TABLE t", "HANDLER t OPEN", "HANDLER t READ FIRST", "DO SLEEP(1)",
					"DO RELEASE_LOCK('x')", "CALL proc(1)", "{call proc(?)}");
		}

		@Test
		void selectIntoAFileIsAWrite() {
			assertKind(SqlKind.WRITE, "SELECT * FROM t INTO OUTFILE '/tmp/t.csv'", "SELECT a INTO DUMPFILE '/tmp/a' FROM t",
					"select * into outfile '/tmp/x' fields terminated by ',' from t", "SELECT a INTO v FROM t");
		}

		@Test
		void sessionBoundResultsOfTheLastWriteAreWrites() {
			assertKind(SqlKind.WRITE, "SELECT LAST_INSERT_ID()", "select last_insert_id ()", "SELECT ROW_COUNT()",
					"SELECT LAST_INSERT_ID(id + 1) FROM t");
		}

		@Test
		void mariadbSequencesAreWrites() {
			assertKind(SqlKind.WRITE, "SELECT NEXTVAL(s)", "SELECT NEXT VALUE FOR s", "select next value for db.s",
					"SELECT PREVIOUS VALUE FOR s", "SELECT SETVAL(s, 100)", "SELECT LASTVAL(s)",
					"INSERT INTO t VALUES (NEXT VALUE FOR s)");
		}

		@Test
		void serverWideSettingsAndAccountsAreWrites() {
			assertKind(SqlKind.WRITE, "SET GLOBAL read_only = 0", "SET @@global.read_only = 0", "set persist max_connections = 10",
					"SET PERSIST_ONLY x = 1", "SET autocommit = 1, GLOBAL read_only = 0", "SET @a = 1, @@global.x = 2",
					"SET PASSWORD = PASSWORD('x')", "SET PASSWORD FOR bob = 'x'", "SET DEFAULT ROLE r TO bob");
		}

		@Test
		void readWriteTransactionsAreWrites() {
			assertKind(SqlKind.WRITE, "SET TRANSACTION READ WRITE", "SET SESSION TRANSACTION READ WRITE",
					"START TRANSACTION READ WRITE", "start transaction with consistent snapshot, read write",
					"SET SESSION transaction_read_only = 0", "SET @@session.tx_read_only = OFF", "SET tx_read_only = 0");
		}

		@Test
		void assignmentsThatWriteOrLockCountAsSuch() {
			assertKind(SqlKind.WRITE, "SET @id = LAST_INSERT_ID()", "SET @n := (SELECT NEXTVAL(s))",
					"SET @x = (SELECT a FROM t WHERE id = 1 INTO OUTFILE '/tmp/x')");
			assertKind(SqlKind.LOCKING_READ, "SET @x = (SELECT a FROM t WHERE id = 1 FOR UPDATE)",
					"SET @got = GET_LOCK('job', 5)");
		}

		@Test
		void compoundStatementsAndServerAdministrationAreWrites() {
			assertKind(SqlKind.WRITE, "BEGIN NOT ATOMIC SELECT 1; END", "RESET MASTER", "RESET SLAVE ALL",
					"FLUSH TABLES", "LOCK TABLES t READ", "UNLOCK TABLES", "ANALYZE TABLE t", "ANALYZE SELECT * FROM t",
					"OPTIMIZE TABLE t", "KILL 42", "XA START 'x'", "STOP SLAVE", "START SLAVE",
					"CHANGE MASTER TO MASTER_DELAY = 5", "PREPARE s FROM 'DELETE FROM t'", "EXECUTE s",
					"EXPLAIN ANALYZE UPDATE t SET a = 1", "EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN ANALYZE FORMAT SELECT 1",
					"CREATE TABLE t (id INT) ENGINE=InnoDB", "TRUNCATE TABLE t", "DISCARD ALL", "COPY t TO STDOUT");
		}

		@Test
		void unterminatedLiteralsAreWrites() {
			assertKind(SqlKind.WRITE, "SELECT 'it\\'s", "SELECT \"unterminated", "SELECT `unterminated",
					"SELECT 'a\\\\\\'", "SELECT 1 /* unterminated");
		}

	}

	@Nested
	class SessionStatements {

		@Test
		void setAndUseAreSessionStatements() {
			assertKind(SqlKind.SESSION, "SET autocommit = 0", "SET NAMES utf8mb4", "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_bin'",
					"SET CHARACTER SET utf8", "SET sql_mode = 'STRICT_TRANS_TABLES'", "SET SESSION sql_mode = ''",
					"SET @@session.time_zone = '+00:00'", "SET @x = 1", "SET @update = 1, @global = 2", "SET @a := 5",
					"SET foreign_key_checks = 0", "SET character_set_results = NULL", "set session wait_timeout=28800",
					"SET transaction_read_only = 1", "SET @@SESSION.tx_read_only = ON", "SET ROLE r",
					"SET @x = (SELECT count(*) FROM t)", "SET STATEMENT max_statement_time = 1 FOR SET @x = 1",
					"USE app", "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
					"SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SET TRANSACTION READ ONLY");
		}

		@Test
		void transactionControlStatementsAreSessionStatements() {
			assertKind(SqlKind.SESSION, "BEGIN", "BEGIN WORK", "START TRANSACTION", "START TRANSACTION READ ONLY",
					"START TRANSACTION WITH CONSISTENT SNAPSHOT", "COMMIT", "COMMIT WORK AND NO CHAIN", "ROLLBACK",
					"ROLLBACK TO SAVEPOINT s1", "SAVEPOINT s1", "RELEASE SAVEPOINT s1", "DEALLOCATE PREPARE s");
		}

		@Test
		void selectIntoUserVariablesAndAssignmentsOnlySetTheSession() {
			// SESSION, not READ: outside a transaction they go where the session's writes go, so a later
			// statement that reads the variable on the primary finds it set
			assertKind(SqlKind.SESSION, "SELECT a INTO @a FROM t WHERE id = 1", "SELECT a, b FROM t INTO @a, @b",
					"select count(*) into @n from t", "SELECT @rownum := @rownum + 1 AS rank, t.* FROM t",
					"SELECT a FROM t WHERE id = 1 INTO @a; SELECT @a");
			assertKind(SqlKind.LOCKING_READ, "SELECT a INTO @a FROM t WHERE id = 1 FOR UPDATE");
		}

		@Test
		void setStatementForAStatementTakesThatStatementsKind() {
			assertKind(SqlKind.READ, "SET STATEMENT max_statement_time = 10 FOR SELECT * FROM t");
			assertKind(SqlKind.LOCKING_READ, "SET STATEMENT lock_wait_timeout = 1 FOR SELECT * FROM t FOR UPDATE");
			assertKind(SqlKind.WRITE, "SET STATEMENT sql_mode = '' FOR UPDATE t SET a = 1",
					"SET STATEMENT x = (1) FOR DELETE FROM t", "SET STATEMENT max_statement_time = 10");
		}

	}

	@Test
	void theLexicalRulesAreMysqlsNotPostgresqls() {
		// Dollar quotes and nested comments would hide the DELETE from a PostgreSQL lexer; MySQL runs it.
		assertKind(SqlKind.WRITE, "SELECT $x$; DELETE FROM t; $x$", "SELECT 1 /* /* */ ; DELETE FROM t; /* */");
		assertThat(SqlClassifier.postgres().classify("SELECT $x$; DELETE FROM t; $x$")).isEqualTo(SqlKind.READ);
		// A backslash escapes the quote in MySQL, not in PostgreSQL's standard strings.
		String backslash = "SELECT 'a\\'; DELETE FROM t; '";
		assertKind(SqlKind.READ, backslash);
		assertThat(SqlClassifier.postgres().classify(backslash)).isEqualTo(SqlKind.WRITE);
		// '#' is an operator in PostgreSQL.
		assertKind(SqlKind.READ, "SELECT 1 # 2 FOR UPDATE");
		assertThat(SqlClassifier.postgres().classify("SELECT 1 # 2 FOR UPDATE")).isEqualTo(SqlKind.LOCKING_READ);
	}

}
