package dev.tether.sql;

/**
 * Decides the {@link SqlKind} of a SQL string, for routing it to the primary or to a replica.
 *
 * <p>Implementations must be thread-safe. The classification is conservative: whatever is not provably
 * a plain read is reported as {@link SqlKind#WRITE}.
 *
 * @see SqlDialect#classifier()
 */
@FunctionalInterface
public interface SqlClassifier {

	/**
	 * Classifies a SQL string, which may hold several statements separated by {@code ;}.
	 * @param sql the SQL as sent to the JDBC driver; {@code null}, empty or blank SQL is a {@link SqlKind#WRITE}
	 * @return the kind of the statement, or the most severe kind of its statements; never {@code null}
	 */
	SqlKind classify(String sql);

	/**
	 * Tells whether the SQL holds an {@code UPDATE} or {@code DELETE} that has no {@code WHERE}
	 * clause of its own (for MySQL and MariaDB: and no {@code LIMIT}), and so changes every row of
	 * its table. Statements of a multi-statement string and data-modifying CTEs count; a
	 * {@code WHERE} in a subquery does not bound the outer statement. {@code TRUNCATE} is not DML.
	 * @param sql the SQL as sent to the JDBC driver
	 * @return {@code true} for an unbounded {@code UPDATE} or {@code DELETE}; the default
	 * implementation answers {@code false}
	 */
	default boolean isUnboundedDml(String sql) {
		return false;
	}

	/**
	 * Answers both questions about a SQL string at once: its {@link #classify(String) kind} and whether it
	 * is {@link #isUnboundedDml(String) unbounded DML}. One lookup per statement for callers that need
	 * both; the {@link #caching(SqlClassifier, int) caching} classifier caches this answer, so a cached
	 * statement costs one map lookup and no allocation.
	 * @param sql the SQL as sent to the JDBC driver; {@code null}, empty or blank SQL is a {@link SqlKind#WRITE}
	 * @return the classification, one of the shared instances of {@link SqlClassification#of}; never {@code null}
	 * (the default implementation asks {@link #classify(String)}, then {@link #isUnboundedDml(String)} of writes)
	 */
	default SqlClassification classification(String sql) {
		SqlKind kind = classify(sql);
		return SqlClassification.of(kind, kind == SqlKind.WRITE && isUnboundedDml(sql));
	}

	/**
	 * Returns the lexical classifier for the PostgreSQL dialect: a single pass over the characters that
	 * understands comments (nested), string literals of every form, quoted identifiers, dollar quotes and
	 * JDBC escapes, without parsing the grammar. It is stateless and thread-safe.
	 * @return the shared PostgreSQL classifier
	 */
	static SqlClassifier postgres() {
		return LexicalSqlClassifier.POSTGRES;
	}

	/**
	 * Returns the lexical classifier for the MySQL and MariaDB dialect, with their default
	 * {@code sql_mode}: {@code #} and {@code -- } comments, executable comments ({@code /*! ... *}{@code /},
	 * {@code /*M! ... *}{@code /}) whose content counts, single- and double-quoted strings with backslash
	 * escapes, backtick identifiers, named locks ({@code GET_LOCK}), {@code SELECT ... INTO @var} and
	 * {@code LAST_INSERT_ID()}. Same lexer, same speed and the same guarantees as {@link #postgres()}.
	 * @return the shared MySQL / MariaDB classifier
	 */
	static SqlClassifier mysql() {
		return LexicalSqlClassifier.MYSQL;
	}

	/**
	 * Wraps a classifier in a bounded, concurrent cache of the statements it has seen. Useful when the same
	 * SQL strings are classified again and again, as with ORM-generated statements.
	 * @param delegate the classifier that computes the kind of SQL not yet cached
	 * @param maxEntries the greatest number of statements the cache holds; must be positive
	 * @return a thread-safe caching classifier
	 * @throws IllegalArgumentException if {@code maxEntries} is not positive
	 * @throws NullPointerException if {@code delegate} is {@code null}
	 */
	static SqlClassifier caching(SqlClassifier delegate, int maxEntries) {
		return new CachingSqlClassifier(delegate, maxEntries);
	}

}
