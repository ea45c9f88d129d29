package dev.tether.actuate;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tether.routing.GuardProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint's settings view: pure logic over the bound properties, no database. */
class TetherSettingsTests {

	@Test
	void enumSettingsAreShownInLowerCaseWhateverTheDefaultLocale() {
		Locale before = Locale.getDefault();
		Locale.setDefault(new Locale("tr"));
		try {
			// in Turkish, "FAIL".toLowerCase() is "faıl" (dotless i)
			Map<String, Object> settings = new TetherSettings(() -> Map.of("tether.guard", new GuardProperties()), List.of())
				.describe(null);
			assertThat(settings).containsEntry("tether.guard.unbounded-dml", "fail")
				.containsEntry("tether.guard.max-rows-action", "fail");
		}
		finally {
			Locale.setDefault(before);
		}
	}

}
