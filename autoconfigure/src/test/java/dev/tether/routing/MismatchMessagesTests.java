package dev.tether.routing;

import dev.tether.sql.SqlDialect;
import dev.tether.sql.SqlKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MismatchMessagesTests {

	@Test
	void postgresqlStringLiteralsAreMasked() {
		String message = MismatchMessages.exception(SqlKind.WRITE,
				"UPDATE t SET password = 'it''s secret', path = 'C:\\' WHERE \"user\" = 'bob'", "r", SqlDialect.POSTGRESQL)
			.getMessage();
		assertThat(message).doesNotContain("secret", "bob", "C:").contains("\"user\"");
	}

	@Test
	void mysqlStringLiteralsOfBothQuotesAndWithBackslashEscapesAreMasked() {
		String message = MismatchMessages.exception(SqlKind.WRITE,
				"UPDATE t SET a = 'it\\'s secret', b = \"say \\\"hidden\\\"\", c = 'x''private' WHERE `user` = 'bob'", "r",
				SqlDialect.MYSQL)
			.getMessage();
		assertThat(message).doesNotContain("secret", "hidden", "private", "bob").contains("`user`");
	}

	@Test
	void anUnterminatedMysqlLiteralIsMaskedToTheEnd() {
		String message = MismatchMessages.exception(SqlKind.WRITE, "UPDATE t SET a = 'secret", "r", SqlDialect.MYSQL)
			.getMessage();
		assertThat(message).doesNotContain("secret");
	}

}
