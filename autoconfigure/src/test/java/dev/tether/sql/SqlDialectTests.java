package dev.tether.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlDialectTests {

	@Test
	void theProductNamesOfTheDriversMapToTheirDialect() {
		assertThat(SqlDialect.fromProductName("PostgreSQL")).isEqualTo(SqlDialect.POSTGRESQL);
		assertThat(SqlDialect.fromProductName("MySQL")).isEqualTo(SqlDialect.MYSQL);
		assertThat(SqlDialect.fromProductName("MariaDB")).isEqualTo(SqlDialect.MYSQL);
		assertThat(SqlDialect.fromProductName("mariadb")).isEqualTo(SqlDialect.MYSQL);
	}

	@Test
	void unknownProductsHaveNoDialect() {
		assertThat(SqlDialect.fromProductName("H2")).isNull();
		assertThat(SqlDialect.fromProductName("Oracle")).isNull();
		assertThat(SqlDialect.fromProductName(null)).isNull();
	}

	@Test
	void eachDialectHasItsSharedClassifier() {
		assertThat(SqlDialect.POSTGRESQL.classifier()).isSameAs(SqlClassifier.postgres());
		assertThat(SqlDialect.MYSQL.classifier()).isSameAs(SqlClassifier.mysql());
	}

}
