package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Tests for {@link CachingSqlClassifier}.
 */
class CachingSqlClassifierTests {

	private static final SqlClassifier postgres = SqlClassifier.postgres();

	/** Distinct statements of all four kinds, in turn. */
	private static List<String> distinctStatements(int count) {
		List<String> statements = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			statements.add(switch (i % 4) {
				case 0 -> "select p1_0.id,p1_0.name from product p1_0 where p1_0.id=" + i;
				case 1 -> "select p1_0.id from product p1_0 where p1_0.id=" + i + " for no key update";
				case 2 -> "update product set version=version+1 where id=" + i;
				default -> "set application_name = 'app-" + i + "'";
			});
		}
		return statements;
	}

	@Test
	void cachedKindsAreTheDelegatesKinds() {
		SqlClassifier caching = SqlClassifier.caching(postgres, 1000);
		List<String> statements = new ArrayList<>(distinctStatements(40));
		statements.addAll(List.of("SELECT 1", "SELECT 'for update'", "WITH x AS (DELETE FROM t RETURNING *) SELECT 1",
				"BEGIN READ WRITE", "", "   ", "SELECT 'unterminated"));
		for (int round = 0; round < 3; round++) {
			for (String sql : statements) {
				assertThat(caching.classify(sql)).as("round %d: %s", round, sql).isEqualTo(postgres.classify(sql));
			}
		}
	}

	@Test
	void aRepeatedStatementIsClassifiedByTheDelegateOnlyOnce() {
		AtomicInteger calls = new AtomicInteger();
		SqlClassifier counting = (sql) -> {
			calls.incrementAndGet();
			return postgres.classify(sql);
		};
		SqlClassifier caching = SqlClassifier.caching(counting, 10);
		for (int i = 0; i < 100; i++) {
			assertThat(caching.classify("select p1_0.id from product p1_0 where p1_0.id=? for update"))
				.isEqualTo(SqlKind.LOCKING_READ);
		}
		assertThat(calls).hasValue(1);
	}

	@Test
	void theCacheNeverHoldsMoreThanMaxEntries() {
		CachingSqlClassifier caching = new CachingSqlClassifier(postgres, 100);
		for (String sql : distinctStatements(1000)) {
			assertThat(caching.classify(sql)).as(sql).isEqualTo(postgres.classify(sql));
			assertThat(caching.size()).isLessThanOrEqualTo(100);
		}
		assertThat(caching.size()).isEqualTo(100);
	}

	@Test
	void aFullCacheStillAnswersForStatementsItDoesNotHold() {
		CachingSqlClassifier caching = new CachingSqlClassifier(postgres, 1);
		assertThat(caching.classify("SELECT 1")).isEqualTo(SqlKind.READ);
		assertThat(caching.classify("DELETE FROM t")).isEqualTo(SqlKind.WRITE);
		assertThat(caching.classify("DELETE FROM t")).isEqualTo(SqlKind.WRITE);
		assertThat(caching.classify("SELECT 1")).isEqualTo(SqlKind.READ);
		assertThat(caching.size()).isEqualTo(1);
	}

	@Test
	void nullAndVeryLongSqlAreClassifiedButNotCached() {
		CachingSqlClassifier caching = new CachingSqlClassifier(postgres, 10);
		assertThat(caching.classify(null)).isEqualTo(SqlKind.WRITE);
		String huge = "SELECT 1" + " ".repeat(CachingSqlClassifier.MAX_CACHED_LENGTH) + "FOR UPDATE";
		assertThat(caching.classify(huge)).isEqualTo(SqlKind.LOCKING_READ);
		assertThat(caching.size()).isZero();
	}

	@Test
	void maxEntriesMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> SqlClassifier.caching(postgres, 0))
			.withMessage("maxEntries must be greater than 0, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> SqlClassifier.caching(postgres, -5))
			.withMessage("maxEntries must be greater than 0, but was -5");
	}

	@Test
	void theDelegateMustNotBeNull() {
		assertThatNullPointerException().isThrownBy(() -> SqlClassifier.caching(null, 10))
			.withMessage("delegate must not be null");
	}

	@Test
	void concurrentUseFromEightThreadsGivesTheSameAnswers() throws Exception {
		int threads = 8;
		List<String> statements = distinctStatements(2000);
		List<SqlKind> expected = statements.stream().map(postgres::classify).toList();
		// smaller than the set of statements, so the cache fills up while the threads race
		CachingSqlClassifier caching = new CachingSqlClassifier(postgres, 500);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int offset = t * 251;
				results.add(executor.submit(() -> {
					List<String> wrong = new ArrayList<>();
					start.await();
					for (int i = 0; i < 50_000; i++) {
						int index = (offset + i * 7) % statements.size();
						SqlKind kind = caching.classify(statements.get(index));
						if (kind != expected.get(index)) {
							wrong.add(statements.get(index) + " -> " + kind);
						}
					}
					return wrong;
				}));
			}
			start.countDown();
			for (Future<List<String>> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isEmpty();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(caching.size()).isEqualTo(500);
	}

}
