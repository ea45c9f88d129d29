package dev.tether.retry;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The remembered text of versioned updates: pure logic, the statements themselves run in {@link VersionedUpdateTests}. */
class VersionedSqlTests {

	@Test
	void theSameShapeGetsTheSameTextWithoutBuildingItAgain() {
		VersionedSql recent = new VersionedSql();
		String first = recent.sql("product", new ArrayList<>(List.of("stock")), "version", "id", null);
		assertThat(first).isEqualTo("UPDATE product SET stock = ?, version = version + 1 WHERE id = ? AND version = ?");
		assertThat(recent.sql("product", new ArrayList<>(List.of("stock")), "version", "id", null)).isSameAs(first);
	}

	@Test
	void everyPartOfTheShapeCounts() {
		VersionedSql recent = new VersionedSql();
		String clause = " RETURNING pg_current_xact_id()::text";
		assertThat(recent.sql("product", List.of("stock"), "version", "id", clause))
			.isEqualTo("UPDATE product SET stock = ?, version = version + 1 WHERE id = ? AND version = ?" + clause);
		assertThat(recent.sql("product", List.of("stock"), "version", "id", null)).doesNotContain("RETURNING");
		assertThat(recent.sql("product", List.of("stock", "price"), "version", "id", null))
			.startsWith("UPDATE product SET stock = ?, price = ?, version");
		assertThat(recent.sql("product", List.of("price", "stock"), "version", "id", null))
			.startsWith("UPDATE product SET price = ?, stock = ?, version");
		assertThat(recent.sql("product", List.of("stock"), "rev", "id", null)).contains("rev = rev + 1", "AND rev = ?");
		assertThat(recent.sql("product", List.of("stock"), "version", "sku", null)).contains("WHERE sku = ?");
		assertThat(recent.sql("item", List.of("stock"), "version", "id", null)).startsWith("UPDATE item SET");
	}

	@Test
	void manyShapesSharingFewSlotsStillGetTheirOwnText() {
		VersionedSql recent = new VersionedSql();
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 500; i++) {
				assertThat(recent.sql("t" + i, List.of("c" + (i % 7)), "version", "id", null))
					.isEqualTo("UPDATE t" + i + " SET c" + (i % 7) + " = ?, version = version + 1 WHERE id = ? AND version = ?");
			}
		}
	}

	@Test
	void aListChangedAfterwardsDoesNotChangeTheRememberedShape() {
		VersionedSql recent = new VersionedSql();
		List<String> columns = new ArrayList<>(List.of("stock"));
		recent.sql("product", columns, "version", "id", null);
		columns.add("price");
		assertThat(recent.sql("product", columns, "version", "id", null)).contains("stock = ?, price = ?");
	}

}
