package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Runs each dialect's classifier over its shared corpus of realistic statements (Hibernate, Spring
 * Data, JdbcTemplate, framework infrastructure, driver and pool statements), each with its expected
 * kind: {@code sql/classifier-corpus.tsv} for PostgreSQL, {@code sql/classifier-corpus-mysql.tsv} for
 * MySQL and MariaDB.
 * <p>
 * The corpus lives in the project's shared test data directory, given by the system property
 * {@value #SHARED_TEST_DATA}. Its lines are {@code KIND<TAB>sql}; blank lines and lines starting with
 * {@code #} are ignored.
 */
class SqlClassifierCorpusTests {

	static final String SHARED_TEST_DATA = "tether.shared-test-data";

	static final String CORPUS = "sql/classifier-corpus.tsv";

	static final String MYSQL_CORPUS = "sql/classifier-corpus-mysql.tsv";

	record Entry(int line, SqlKind kind, String sql) {
	}

	/**
	 * Reads the corpus; fails the calling test, with a message saying what is wrong, when the system
	 * property is not set, the file is missing or a line is malformed.
	 */
	static List<Entry> load() throws IOException {
		return load(CORPUS);
	}

	/** Reads one corpus of the shared test data directory, as {@link #load()} does. */
	static List<Entry> load(String corpus) throws IOException {
		String dir = System.getProperty(SHARED_TEST_DATA);
		if (dir == null || dir.isBlank()) {
			fail("System property '%s' is not set: it must be the absolute path of the project's src/test "
					+ "directory (the build's surefire configuration sets it)", SHARED_TEST_DATA);
		}
		Path file = Path.of(dir).resolve(corpus);
		assertThat(file).as("SQL classifier corpus (from system property '%s')", SHARED_TEST_DATA).isRegularFile();
		List<Entry> entries = new ArrayList<>();
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int tab = line.indexOf('\t');
			if (tab < 0) {
				fail("%s:%d has no TAB between the kind and the SQL: %s", file, i + 1, line);
			}
			String kind = line.substring(0, tab).strip();
			SqlKind expected = null;
			try {
				expected = SqlKind.valueOf(kind);
			}
			catch (IllegalArgumentException ex) {
				fail("%s:%d has an unknown kind '%s', expected one of %s", file, i + 1, kind, List.of(SqlKind.values()));
			}
			entries.add(new Entry(i + 1, expected, line.substring(tab + 1)));
		}
		return entries;
	}

	@Test
	void everyCorpusStatementHasItsExpectedKind() throws IOException {
		assertThat(mismatches(SqlClassifier.postgres(), load(CORPUS))).as("corpus statements classified wrongly").isEmpty();
	}

	@Test
	void everyMysqlCorpusStatementHasItsExpectedKind() throws IOException {
		assertThat(mismatches(SqlClassifier.mysql(), load(MYSQL_CORPUS))).as("MySQL corpus statements classified wrongly")
			.isEmpty();
	}

	@Test
	void theCorpusIsLargeAndCoversEveryKind() throws IOException {
		assertLargeAndCoveringEveryKind(load(CORPUS), 150);
	}

	@Test
	void theMysqlCorpusIsLargeAndCoversEveryKind() throws IOException {
		assertLargeAndCoveringEveryKind(load(MYSQL_CORPUS), 150);
	}

	private static List<String> mismatches(SqlClassifier classifier, List<Entry> entries) {
		List<String> mismatches = new ArrayList<>();
		for (Entry entry : entries) {
			SqlKind actual = classifier.classify(entry.sql());
			if (actual != entry.kind()) {
				mismatches.add(String.format("line %d: expected %s but was %s: %s", entry.line(), entry.kind(), actual,
						entry.sql()));
			}
		}
		return mismatches;
	}

	private static void assertLargeAndCoveringEveryKind(List<Entry> entries, int minimum) {
		assertThat(entries).hasSizeGreaterThanOrEqualTo(minimum);
		Set<SqlKind> kinds = EnumSet.noneOf(SqlKind.class);
		entries.forEach((entry) -> kinds.add(entry.kind()));
		assertThat(kinds).containsExactlyInAnyOrder(SqlKind.values());
	}

}
