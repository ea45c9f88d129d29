package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

/**
 * The engine of the property-style classifier tests: statements of known kind, rewritten at random in
 * ways that do not change their meaning in a dialect (case, whitespace, comments, string literals and
 * quoted identifiers full of traps, extra statements), must keep their kind, and their answer to
 * {@link SqlClassifier#isUnboundedDml(String)}.
 * <p>
 * Each run uses a new seed, printed in any failure message; set the system property
 * {@value #SEED_PROPERTY} to replay a run.
 *
 * @param bases base statements: tokens separated by single spaces; {@code {s}} takes a string literal
 * and {@code {q}} a quoted identifier
 * @param strings string literals whose content must not count
 * @param quotedIdentifiers quoted identifiers that look like keywords
 * @param separators what may separate two tokens: whitespace and comments
 */
record MeaningPreservingRewrites(List<Base> bases, List<String> strings, List<String> quotedIdentifiers,
		List<String> separators) {

	static final String SEED_PROPERTY = "tether.classifier.seed";

	/** Rewrites {@code runs} random statements and checks the classifier's kind of each. */
	void check(SqlClassifier classifier, int runs) {
		long seed = Long.getLong(SEED_PROPERTY, new Random().nextLong());
		Random random = new Random(seed);
		for (int run = 0; run < runs; run++) {
			Base first = pick(random, this.bases);
			StringBuilder sql = new StringBuilder();
			if (random.nextInt(4) == 0) {
				sql.append(pick(random, this.separators));
			}
			render(random, first, sql);
			SqlKind expected = first.kind();
			boolean unbounded = isUnbounded(classifier, first);
			String description = first.template();
			if (random.nextInt(5) == 0) {
				Base second = pick(random, this.bases);
				sql.append(separators(random)).append(';').append(separators(random));
				render(random, second, sql);
				expected = mostSevere(expected, second.kind());
				unbounded |= isUnbounded(classifier, second);
				description += " ; " + second.template();
			}
			if (random.nextInt(3) == 0) {
				sql.append(separators(random)).append(';');
			}
			if (random.nextInt(4) == 0) {
				sql.append(pick(random, this.separators));
			}
			String statement = sql.toString();
			assertThat(classifier.classify(statement))
				.as("run %d with seed %d (replay with -D%s=%d)%nbase: %s%nsql:  %s", run, seed, SEED_PROPERTY, seed,
						description, visible(statement))
				.isEqualTo(expected);
			assertThat(classifier.isUnboundedDml(statement))
				.as("unbounded DML? run %d with seed %d (replay with -D%s=%d)%nbase: %s%nsql:  %s", run, seed, SEED_PROPERTY,
						seed, description, visible(statement))
				.isEqualTo(unbounded);
		}
	}

	/** Whether the base statement, with a plain literal in every slot, is an unbounded UPDATE or DELETE. */
	private static boolean isUnbounded(SqlClassifier classifier, Base base) {
		return classifier.isUnboundedDml(base.template().replace("{s}", "'x'").replace("{q}", "'x'"));
	}

	/** Checks each base statement, with plain literals, as it is. */
	void checkBases(SqlClassifier classifier, String plainString, String plainQuotedIdentifier) {
		for (Base base : this.bases) {
			String plain = base.template().replace("{s}", plainString).replace("{q}", plainQuotedIdentifier);
			assertThat(classifier.classify(plain)).as(plain).isEqualTo(base.kind());
		}
	}

	private void render(Random random, Base base, StringBuilder sql) {
		String[] tokens = base.template().split(" ");
		for (int i = 0; i < tokens.length; i++) {
			if (i > 0) {
				sql.append(separators(random));
			}
			String token = tokens[i];
			if (token.equals("{s}")) {
				sql.append(pick(random, this.strings));
			}
			else if (token.equals("{q}")) {
				sql.append(pick(random, this.quotedIdentifiers));
			}
			else if (Character.isLetter(token.charAt(0)) || token.charAt(0) == '_') {
				sql.append(randomCase(random, token));
			}
			else {
				sql.append(token);
			}
		}
	}

	/** The SQL on one line, with its control characters escaped Java-style. */
	private static String visible(String sql) {
		return sql.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
			.replace("\f", "\\f");
	}

	private String separators(Random random) {
		String separator = pick(random, this.separators);
		return (random.nextInt(6) == 0) ? separator + pick(random, this.separators) : separator;
	}

	private static String randomCase(Random random, String word) {
		switch (random.nextInt(4)) {
			case 0:
				return word.toLowerCase();
			case 1:
				return word.toUpperCase();
			case 2:
				return word;
			default:
				StringBuilder mixed = new StringBuilder(word.length());
				for (char c : word.toCharArray()) {
					mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
				}
				return mixed.toString();
		}
	}

	private static SqlKind mostSevere(SqlKind a, SqlKind b) {
		return (severity(a) >= severity(b)) ? a : b;
	}

	private static int severity(SqlKind kind) {
		return switch (kind) {
			case READ -> 0;
			case SESSION -> 1;
			case LOCKING_READ -> 2;
			case WRITE -> 3;
		};
	}

	private static <T> T pick(Random random, List<T> list) {
		return list.get(random.nextInt(list.size()));
	}

	/** A base statement and its kind. */
	record Base(SqlKind kind, String template) {
	}

}
