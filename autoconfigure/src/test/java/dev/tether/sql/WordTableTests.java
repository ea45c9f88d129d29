package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/**
 * Tests for {@link WordTable}, the keyword tables' lookup in place.
 */
class WordTableTests {

	private final WordTable table = WordTable.builder().add(1, "for", "key").add(2, "nextval").build();

	@Test
	void findsAWordInPlaceIgnoringCase() {
		String sql = "select NextVal('s') for KEY";
		assertThat(this.table.find(sql, 7, 7, true, -1)).isEqualTo(2);
		assertThat(this.table.find(sql, 20, 3, true, -1)).isEqualTo(1);
		assertThat(this.table.find(sql, 24, 3, true, -1)).isEqualTo(1);
	}

	@Test
	void comparesExactlyWhenCaseMatters() {
		assertThat(this.table.find("\"NextVal\"", 1, 7, false, -1)).isEqualTo(-1);
		assertThat(this.table.find("\"nextval\"", 1, 7, false, -1)).isEqualTo(2);
	}

	@Test
	void answersAbsentForOtherWordsAndLengths() {
		assertThat(this.table.find("fox", 0, 3, true, -1)).isEqualTo(-1);
		assertThat(this.table.find("f", 0, 1, true, -1)).isEqualTo(-1);
		assertThat(this.table.find("nextvalue", 0, 9, true, -1)).isEqualTo(-1);
		assertThat(this.table.find("next", 0, 4, true, -1)).isEqualTo(-1);
		assertThat(WordTable.builder().build().find("any", 0, 3, true, -7)).isEqualTo(-7);
	}

	@Test
	void refusesUppercaseAndRepeatedWords() {
		assertThatIllegalArgumentException().isThrownBy(() -> WordTable.builder().add(1, "For"))
			.withMessage("'For' is not lowercase or is listed twice");
		assertThatIllegalArgumentException().isThrownBy(() -> WordTable.builder().add(1, "for").add(2, "for"))
			.withMessage("'for' is not lowercase or is listed twice");
	}

}
