package dev.tether.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SqlIdentifiersTests {

	@Test
	void plainAndSchemaQualifiedNamesPass() {
		for (String name : new String[] { "a", "_", "stock", "Stock_2", "_x9", "inventory.stock", "s_1._T" }) {
			assertThat(SqlIdentifiers.requirePlain(name)).as(name).isSameAs(name);
		}
	}

	@Test
	void anythingElseIsRefusedNamingTheRule() {
		for (String name : new String[] { "", "1a", "a.", ".a", "a..b", "a.b.c", "a-b", "a b", "a;drop table t",
				"\"quoted\"", "é", "a.1b", "a$" }) {
			assertThatIllegalArgumentException().as(name)
				.isThrownBy(() -> SqlIdentifiers.requirePlain(name))
				.withMessageContaining("is not a plain SQL identifier");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> SqlIdentifiers.requirePlain(null));
	}

}
