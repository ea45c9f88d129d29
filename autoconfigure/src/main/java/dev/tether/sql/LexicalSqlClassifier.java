package dev.tether.sql;

/**
 * The lexical {@link SqlClassifier} of both dialects: one pass over the characters, no regular
 * expressions, no copies of the SQL and no allocation per call. One classifier with a dialect flag
 * rather than one class per dialect, because the statement rules (locking clauses, data-modifying
 * words, transaction modes, EXPLAIN) are the same and must stay the same.
 * <p>
 * The work is split by job: {@link SqlLexer} reads the tokens of either dialect, {@link SqlKeywords}
 * holds the words that matter, and the rules ({@link StatementRules} and the rules it hands each
 * statement to; {@link UnboundedDmlRule}) say what the words mean. With {@code ANSI_QUOTES} or
 * {@code NO_BACKSLASH_ESCAPES} MySQL lexes differently; such modes are not supported.
 */
final class LexicalSqlClassifier implements SqlClassifier {

	/** The PostgreSQL classifier: the classifier has no state, so one instance per dialect. */
	static final LexicalSqlClassifier POSTGRES = new LexicalSqlClassifier(false);

	/** The MySQL and MariaDB classifier. */
	static final LexicalSqlClassifier MYSQL = new LexicalSqlClassifier(true);

	/** Whether this is the MySQL / MariaDB dialect; final, so the JIT folds the flag into each call site. */
	private final boolean mysql;

	private LexicalSqlClassifier(boolean mysql) {
		this.mysql = mysql;
	}

	@Override
	public SqlKind classify(String sql) {
		return Rank.kind(StatementRules.rank(sql, this.mysql));
	}

	@Override
	public boolean isUnboundedDml(String sql) {
		return UnboundedDmlRule.isUnbounded(sql, this.mysql);
	}

	@Override
	public SqlClassification classification(String sql) {
		int rank = StatementRules.rank(sql, this.mysql);
		// only a write can be unbounded DML: reads never pay for the second question
		return SqlClassification.of(Rank.kind(rank), rank == Rank.WRITE && UnboundedDmlRule.isUnbounded(sql, this.mysql));
	}

	@Override
	public String toString() {
		return this.mysql ? "LexicalSqlClassifier[MySQL]" : "LexicalSqlClassifier[PostgreSQL]";
	}

}
