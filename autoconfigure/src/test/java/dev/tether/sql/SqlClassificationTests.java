package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Tests for {@link SqlClassifier#classification(String)} and {@link SqlClassification}: one lookup
 * answers the kind and the unbounded-DML question, and a cache hands out shared instances.
 */
class SqlClassificationTests {

	private static final List<String> STATEMENTS = List.of("SELECT 1", "select * from t where id = ? for update",
			"SET search_path = app", "UPDATE t SET a = 1", "UPDATE t SET a = 1 WHERE id = ?", "DELETE FROM t",
			"DELETE FROM t LIMIT 10", "WITH d AS (DELETE FROM t) SELECT 1", "INSERT INTO t VALUES (1)", "", "   ",
			"SELECT 'unterminated", "SELECT 1; DELETE FROM t", "select get_lock('x', 1)", "TRUNCATE t");

	@Test
	void theClassificationAgreesWithClassifyAndIsUnboundedDmlInBothDialects() {
		for (SqlClassifier classifier : List.of(SqlClassifier.postgres(), SqlClassifier.mysql())) {
			SqlClassifier cached = SqlClassifier.caching(classifier, 100);
			for (String sql : STATEMENTS) {
				SqlKind kind = classifier.classify(sql);
				boolean unbounded = classifier.isUnboundedDml(sql);
				for (SqlClassifier asked : List.of(classifier, cached, cached)) {
					SqlClassification classification = asked.classification(sql);
					assertThat(classification.kind()).as("%s: %s", asked, sql).isEqualTo(kind);
					assertThat(classification.isUnboundedDml()).as("%s: %s", asked, sql).isEqualTo(unbounded);
				}
			}
		}
	}

	@Test
	void anUnboundedDeleteIsAWriteThatTheClassificationFlags() {
		SqlClassification classification = SqlClassifier.postgres().classification("DELETE FROM product");
		assertThat(classification.kind()).isEqualTo(SqlKind.WRITE);
		assertThat(classification.isUnboundedDml()).isTrue();
		assertThat(SqlClassifier.postgres().classification(null)).isSameAs(SqlClassification.of(SqlKind.WRITE, false));
	}

	@Test
	void aCacheAnswersBothQuestionsFromOneDelegateCallAndTheSameInstance() {
		AtomicInteger classified = new AtomicInteger();
		SqlClassifier counting = new SqlClassifier() {

			@Override
			public SqlKind classify(String sql) {
				throw new AssertionError("the cache asks for the classification, not the kind");
			}

			@Override
			public SqlClassification classification(String sql) {
				classified.incrementAndGet();
				return SqlClassifier.postgres().classification(sql);
			}

		};
		SqlClassifier caching = SqlClassifier.caching(counting, 10);
		SqlClassification first = caching.classification("UPDATE t SET a = 1");
		for (int i = 0; i < 10; i++) {
			assertThat(caching.classification("UPDATE t SET a = 1")).isSameAs(first);
			assertThat(caching.classify("UPDATE t SET a = 1")).isEqualTo(SqlKind.WRITE);
			assertThat(caching.isUnboundedDml("UPDATE t SET a = 1")).isTrue();
		}
		assertThat(classified).hasValue(1);
	}

	@Test
	void aClassifierWithOnlyClassifyGetsAClassificationWhoseWritesAreAskedAboutDml() {
		SqlClassifier kindsOnly = (sql) -> SqlKind.WRITE;
		// the default isUnboundedDml answers false
		assertThat(kindsOnly.classification("DELETE FROM t")).isSameAs(SqlClassification.of(SqlKind.WRITE, false));
	}

	@Test
	void classificationsAreSharedInstances() {
		for (SqlKind kind : SqlKind.values()) {
			assertThat(SqlClassification.of(kind, false)).isSameAs(SqlClassification.of(kind, false));
			assertThat(SqlClassification.of(kind, false).kind()).isEqualTo(kind);
			assertThat(SqlClassification.of(kind, false).isUnboundedDml()).isFalse();
		}
		assertThat(SqlClassification.of(SqlKind.WRITE, true)).isSameAs(SqlClassification.of(SqlKind.WRITE, true))
			.isNotSameAs(SqlClassification.of(SqlKind.WRITE, false));
		assertThat(SqlClassification.of(SqlKind.WRITE, true)).hasToString("WRITE (unbounded UPDATE/DELETE)");
	}

	@Test
	void onlyAWriteCanBeUnboundedDml() {
		assertThatIllegalArgumentException().isThrownBy(() -> SqlClassification.of(SqlKind.READ, true))
			.withMessage("SqlClassification.of: unbounded DML is always a WRITE, not READ");
	}

}
