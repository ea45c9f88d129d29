package dev.tether.retry;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HotArgumentsTests {

	private final HotArguments hints = new HotArguments();

	@Test
	void aMethodWithoutConflictsHasNoHint() {
		assertThat(this.hints.rowFor(new Object[] { 5L })).isNull();
	}

	@Test
	void plainArgumentsThatConflictedPointToTheirRow() {
		this.hints.remember(new Object[] { 5L, 1, "books", UUID.fromString("00000000-0000-0000-0000-000000000001") },
				"product#5");
		assertThat(this.hints.rowFor(new Object[] { 5L, 1, "books", UUID.fromString("00000000-0000-0000-0000-000000000001") }))
			.isEqualTo("product#5");
		assertThat(this.hints.rowFor(new Object[] { 6L, 1, "books", UUID.fromString("00000000-0000-0000-0000-000000000001") }))
			.isNull();
	}

	@Test
	void argumentsThatAreNotPlainAreNeverRemembered() {
		this.hints.remember(new Object[] { new StringBuilder("order") }, "product#5");
		assertThat(this.hints.rowFor(new Object[] { new StringBuilder("order") })).isNull();
	}

	@Test
	void theRememberedArgumentsAreACopy() {
		Object[] arguments = { 5L };
		this.hints.remember(arguments, "product#5");
		arguments[0] = 6L;
		assertThat(this.hints.rowFor(new Object[] { 5L })).isEqualTo("product#5");
	}

}
