package dev.tether.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings section is derived from Tether's properties types, so it shows every property the
 * configuration metadata documents, and masks the secrets among them. Pure logic, no database: the
 * properties are bound from a mock environment, as the endpoint binds those of a feature switched off.
 */
class TetherSettingsMetadataTests {

	private static final String SIGNING_KEY = "k3y-that-must-never-appear-0123456789abcdef";

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(tether\\.[^\"]+)\"");

	@Test
	void everyTetherPropertyOfTheConfigurationMetadataIsShown() throws IOException {
		Set<String> documented = documentedProperties();
		assertThat(documented).as("the metadata was generated")
			.contains("tether.routing.read-your-writes-window", "tether.guard.enabled", "tether.replica.fallback",
					"tether.routing.fallback");
		Set<String> shown = describe().keySet();
		for (String property : documented) {
			// a map (tether.replicas) is documented once, shown per entry
			assertThat(shown).as(property)
				.anySatisfy((key) -> assertThat(key.equals(property) || key.startsWith(property + ".")).isTrue());
		}
	}

	@Test
	void signingKeysPasswordsAndUrlCredentialsAreMasked() {
		Map<String, Object> settings = describe();
		assertThat(settings).containsEntry("tether.routing.causal-token.signing-keys", List.of("******"))
			.containsEntry("tether.replicas.replica-1.password", "******")
			.containsEntry("tether.replicas.replica-1.url", "jdbc:postgresql://replica-host:5432/app?password=******")
			.containsEntry("tether.routing.read-your-writes-window", "1s");
		assertThat(settings.values()).allSatisfy((value) -> assertThat(String.valueOf(value))
			.doesNotContain(SIGNING_KEY)
			.doesNotContain("hunter2"));
	}

	private static Map<String, Object> describe() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("tether.replicas.replica-1.url", "jdbc:postgresql://replica-host:5432/app?password=hunter2")
			.withProperty("tether.replicas.replica-1.password", "hunter2")
			.withProperty("tether.routing.causal-token.signing-keys[0]", SIGNING_KEY);
		TetherEndpointAutoConfiguration.BoundProperties bound = new TetherEndpointAutoConfiguration.BoundProperties(
				new DefaultListableBeanFactory(), environment);
		return new TetherSettings(bound, List.of()).describe(null);
	}

	private static Set<String> documentedProperties() throws IOException {
		Set<String> names = new TreeSet<>();
		for (URL url : Collections.list(TetherSettingsMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				Matcher matcher = NAME.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				while (matcher.find()) {
					names.add(matcher.group(1));
				}
			}
		}
		return names;
	}

}
