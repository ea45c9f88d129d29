package dev.tether.sql;

import java.util.Locale;

/**
 * The SQL dialects whose lexical rules Tether knows. The router picks one from the JDBC metadata of
 * the primary ({@link #fromProductName(String)}), so it is never configured by hand.
 */
public enum SqlDialect {

	/** PostgreSQL and the databases that speak its SQL. */
	POSTGRESQL(SqlClassifier.postgres()),

	/** MySQL and MariaDB. */
	MYSQL(SqlClassifier.mysql());

	private final SqlClassifier classifier;

	SqlDialect(SqlClassifier classifier) {
		this.classifier = classifier;
	}

	/**
	 * Returns the stateless lexical classifier of this dialect.
	 * @return {@link SqlClassifier#postgres()} or {@link SqlClassifier#mysql()}
	 */
	public SqlClassifier classifier() {
		return this.classifier;
	}

	/**
	 * Returns the dialect of a database product, as named by
	 * {@link java.sql.DatabaseMetaData#getDatabaseProductName()}: {@code "MySQL"} and {@code "MariaDB"}
	 * (MariaDB Connector/J names the server it reached, MySQL Connector/J always says MySQL) are
	 * {@link #MYSQL}; {@code "PostgreSQL"} is {@link #POSTGRESQL}.
	 * @param productName the product name, may be {@code null}
	 * @return the dialect, or {@code null} when the product is none of these
	 */
	public static SqlDialect fromProductName(String productName) {
		if (productName == null) {
			return null;
		}
		String name = productName.toLowerCase(Locale.ROOT);
		if (name.contains("mysql") || name.contains("mariadb")) {
			return MYSQL;
		}
		if (name.contains("postgres")) {
			return POSTGRESQL;
		}
		return null;
	}

}
