package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Tests for {@link SqlClassifier#isUnboundedDml(String)}: the answer the statement guard refuses
 * {@code UPDATE} and {@code DELETE} without {@code WHERE} on, in both dialects and through the cache.
 */
class UnboundedDmlTests {

	private static final SqlClassifier postgres = SqlClassifier.postgres();

	private static final SqlClassifier mysql = SqlClassifier.mysql();

	private static void assertUnbounded(SqlClassifier classifier, boolean expected, String... statements) {
		SqlClassifier cached = SqlClassifier.caching(classifier, 100);
		for (String sql : statements) {
			assertThat(classifier.isUnboundedDml(sql)).as("unbounded [%s]", sql).isEqualTo(expected);
			assertThat(cached.isUnboundedDml(sql)).as("cached, unbounded [%s]", sql).isEqualTo(expected);
			assertThat(cached.isUnboundedDml(sql)).as("cached again, unbounded [%s]", sql).isEqualTo(expected);
		}
	}

	private static void assertBoth(boolean expected, String... statements) {
		assertUnbounded(postgres, expected, statements);
		assertUnbounded(mysql, expected, statements);
	}

	@Test
	void updateAndDeleteWithoutWhereAreUnbounded() {
		assertBoth(true, "DELETE FROM product", "delete from product", "UPDATE product SET price = price * 1.1",
				"  update\n\tproduct set a = 1  ", "DELETE FROM product;", "UPDATE t SET a = (SELECT max(b) FROM u WHERE u.id = 1)",
				"DELETE FROM t WHERE a = 1; DELETE FROM u", "SELECT 1; UPDATE t SET a = 1",
				"UPDATE t SET a = 1 -- WHERE a = 2", "UPDATE t SET a = 1 /* WHERE a = 2 */", "UPDATE t SET a = 'WHERE'");
	}

	@Test
	void aWhereOfTheStatementItselfBoundsIt() {
		assertBoth(false, "DELETE FROM product WHERE id = ?", "update product set price = ? where category = ?",
				"UPDATE t SET a = (SELECT 1) WHERE id IN (SELECT id FROM u)", "DELETE FROM t WHERE true",
				"DELETE FROM t WHERE a = 1; UPDATE u SET b = 2 WHERE c = 3", "UPDATE t SET a = 1 WHERE CURRENT OF c");
	}

	@Test
	void otherStatementsAreNotUnboundedDml() {
		assertBoth(false, "SELECT * FROM t", "INSERT INTO t (a) VALUES (1)", "TRUNCATE t", "SELECT 1 FOR UPDATE",
				"SELECT * FROM t WHERE a IN (1, 2) FOR UPDATE", "CREATE TABLE t (a int)", "", "   ", "-- DELETE FROM t");
		assertUnbounded(postgres, false, (String) null, "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 1",
				"SELECT 'a; DELETE FROM t'", "SELECT $$; DELETE FROM t$$", "SELECT \"update\" FROM t");
		assertUnbounded(mysql, false, "INSERT INTO t (id) VALUES (1) ON DUPLICATE KEY UPDATE a = 1",
				"SELECT `delete` FROM t", "SELECT 'a\\'; DELETE FROM t'");
	}

	@Test
	void dataModifyingCtesAreChecked() {
		assertUnbounded(postgres, true, "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d",
				"WITH d AS MATERIALIZED (UPDATE t SET a = 1 RETURNING id) SELECT * FROM d",
				"WITH x AS (SELECT 1) DELETE FROM t", "with x as (select id from u where b = 1) update t set a = 1",
				"WITH x AS (SELECT 1), y AS (SELECT 2) DELETE FROM t");
		assertUnbounded(postgres, false, "WITH d AS (DELETE FROM t WHERE a = 1 RETURNING *) SELECT * FROM d",
				"WITH x AS (SELECT 1) DELETE FROM t WHERE id IN (SELECT * FROM x)",
				"WITH x AS (SELECT 1) INSERT INTO t (id) SELECT * FROM x ON CONFLICT (id) DO UPDATE SET a = 1");
	}

	@Test
	void mysqlLimitBoundsAndExecutableCommentsCount() {
		assertUnbounded(mysql, false, "DELETE FROM t ORDER BY id LIMIT 1000", "UPDATE t SET a = 1 LIMIT 10",
				"DELETE FROM t # everything\nWHERE a = 1");
		assertUnbounded(mysql, true, "DELETE FROM t # WHERE a = 1", "UPDATE `t` SET `a` = 1",
				"DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "/*!40000 DELETE FROM t */", "DELETE FROM t /*!50000 */");
		assertUnbounded(mysql, false, "DELETE FROM t /*! WHERE a = 1 */");
		// LIMIT bounds nothing in PostgreSQL, which has no UPDATE ... LIMIT
		assertUnbounded(postgres, true, "UPDATE t SET a = 1 FROM (SELECT id FROM u LIMIT 1) s");
	}

	@Test
	void malformedSqlIsLeftToTheServer() {
		assertBoth(false, "DELETE FROM t WHERE a = 'unterminated", "UPDATE t SET a = 1 /* unterminated");
	}

}
