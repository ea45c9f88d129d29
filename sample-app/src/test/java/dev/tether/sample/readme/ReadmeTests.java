package dev.tether.sample.readme;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tether.routing.TetherDataSource;
import dev.tether.sample.SampleApplication;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README as written: its two commands are the ones CI and the sample use, and every
 * {@code curl} in it answers what the README says it answers, against the sample started on a
 * primary and replica of its own (a fresh database, as a new user's first start has), so that
 * the counts the Observability section shows are the counts a user sees.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeTests {

	private static final String OBSERVABILITY_SCENARIO = "and sending 10 listings, 3 stock changes, 2 `@ForceMaster` reads and 1 misplaced write:";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static EmbeddedReplicatedPostgres cluster;

	private static ConfigurableApplicationContext sample;

	private static int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTheSampleOnAFreshDatabase() {
		cluster = EmbeddedReplicatedPostgres.start(1);
		sample = SpringApplication.run(SampleApplication.class, "--server.port=0",
				"--spring.datasource.url=" + cluster.primary().jdbcUrl(), "--spring.datasource.username=" + cluster.username(),
				"--spring.datasource.password=" + cluster.password(), "--tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl());
		port = ((WebServerApplicationContext) sample).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		try {
			if (sample != null) {
				sample.close();
			}
		}
		finally {
			if (cluster != null) {
				cluster.close();
			}
		}
	}

	@Test
	@Order(0)
	void theTestCommandIsWhatCiRunsAndTheRunCommandStartsTheSample() throws Exception {
		Readme readme = Readme.load();
		List<String> commands = new ArrayList<>();
		readme.blocks("## The two commands", "## Using it").forEach((block) -> block.stream()
			.filter((line) -> line.startsWith("./mvnw"))
			.forEach(commands::add));
		// the run command first, the test command last (between them: the Docker variant of the run)
		assertThat(commands).hasSizeGreaterThanOrEqualTo(2);
		assertThat(commands.get(0)).contains("-pl sample-app").endsWith("spring-boot:run");
		String testCommand = commands.get(commands.size() - 1);
		List<String> ci = Files.readAllLines(Path.of("..", ".ci", "run"));
		String lastCommand = ci.stream().filter((line) -> !line.isBlank() && !line.startsWith("#")).reduce((a, b) -> b).orElseThrow();
		assertThat(lastCommand).as(".ci/run calls exactly the README's test command").isEqualTo(testCommand);
	}

	@Test
	@Order(1)
	void theObservabilityExamplesShowWhatTheSampleAnswers() throws Exception {
		Readme readme = Readme.load();
		assertThat(readme.text()).contains(OBSERVABILITY_SCENARIO);
		// what the README says it sent before its examples, and a probe round for the replica's state
		for (int i = 0; i < 10; i++) {
			send("GET", "/products?category=books");
		}
		for (int i = 0; i < 3; i++) {
			send("POST", "/products/1/stock?delta=1");
		}
		for (int i = 0; i < 2; i++) {
			send("GET", "/products/1/stock");
		}
		send("POST", "/products/1/misplaced-write");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> send("GET", "/actuator/health").body()
			.contains("\"replica-1\":{\"status\":\"UP\""));
		List<Readme.ShownCurl> shown = readme.shownCurls("### Actuator endpoint and health", "## Modules");
		assertThat(shown).hasSizeGreaterThanOrEqualTo(4);
		SoftAssertions softly = new SoftAssertions();
		for (Readme.ShownCurl example : shown) {
			HttpResponse<String> response = send(example.curl().method(), example.curl().path());
			assertThat(response.statusCode()).as(example.curl().path()).isEqualTo(200);
			String answer = response.body();
			if (example.curl().grep() != null) {
				assertShownLines(softly, example.output(), answer, example.curl());
			}
			else {
				JsonNode actual = json.readTree(answer);
				if (example.curl().jqPath() != null) {
					for (String step : example.curl().jqPath().substring(1).split("\\.")) {
						actual = actual.get(step);
					}
				}
				assertShownJson(softly, json.readTree(example.output()), actual, example.curl().path());
			}
		}
		softly.assertAll();
	}

	@Test
	@Order(2)
	void everyCurlOfTheTwoCommandsAnswersWhatTheReadmeSays() throws Exception {
		List<Readme.CommentedCurl> curls = Readme.load().commentedCurls("## The two commands", "## Using it");
		assertThat(curls).hasSizeGreaterThanOrEqualTo(4);
		for (Readme.CommentedCurl curl : curls) {
			HttpResponse<String> response = send(curl.curl().method(), curl.curl().path());
			Expectation expected = Expectation.of(curl.answer());
			if (expected.status() != null) {
				assertThat(response.statusCode()).as(curl.line()).isEqualTo(expected.status());
			}
			else {
				assertThat(response.statusCode()).as(curl.line()).isBetween(200, 299);
			}
			if (!expected.fragments().isEmpty()) {
				assertThat(response.body()).as(curl.line()).contains(expected.fragments());
			}
		}
	}

	/** Every shown key is in the answer with the shown value; URLs compare without their ports. */
	private static void assertShownJson(SoftAssertions softly, JsonNode shown, JsonNode actual, String where) {
		softly.assertThat(actual).as(where).isNotNull();
		if (actual == null) {
			return;
		}
		if (shown.isObject()) {
			for (Map.Entry<String, JsonNode> entry : shown.properties()) {
				assertShownJson(softly, entry.getValue(), actual.get(entry.getKey()), where + "." + entry.getKey());
			}
		}
		else if (shown.isArray()) {
			softly.assertThat(actual.size()).as(where + " length").isEqualTo(shown.size());
			for (int i = 0; i < Math.min(shown.size(), actual.size()); i++) {
				assertShownJson(softly, shown.get(i), actual.get(i), where + "[" + i + "]");
			}
		}
		else if (shown.isNumber()) {
			softly.assertThat(actual.asDouble()).as(where).isEqualTo(shown.asDouble());
		}
		else {
			softly.assertThat(withoutPorts(actual.asString())).as(where).isEqualTo(withoutPorts(shown.asString()));
		}
	}

	/** Every shown line's series is in the answer, with the shown value unless it is a timing. */
	private static void assertShownLines(SoftAssertions softly, String shown, String answer, Curl curl) {
		List<String> kept = answer.lines().filter((line) -> curl.grep().matcher(line).find()).toList();
		for (String line : shown.lines().toList()) {
			int space = line.lastIndexOf(' ');
			String series = line.substring(0, space);
			String value = line.substring(space + 1);
			String actual = kept.stream().filter((each) -> each.startsWith(series + " ")).findFirst().orElse(null);
			softly.assertThat(actual).as("series " + series).isNotNull();
			if (actual != null && !series.contains("_seconds_max")) {
				softly.assertThat(Double.parseDouble(actual.substring(series.length() + 1))).as(series)
					.isEqualTo(Double.parseDouble(value));
			}
		}
		softly.assertThat(kept).as("lines the README's grep keeps").hasSize((int) shown.lines().count());
	}

	private static String withoutPorts(String text) {
		return text.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * What a {@code # comment} after a curl says: an optional {@code NNN:} status, and the quoted
	 * fragments of the body, with {@code ...} standing for what is left out.
	 */
	record Expectation(Integer status, List<String> fragments) {

		static Expectation of(String answer) {
			Integer status = null;
			String rest = answer;
			if (rest.matches("^\\d{3}:.*")) {
				status = Integer.parseInt(rest.substring(0, 3));
				rest = rest.substring(4);
			}
			List<String> fragments = new ArrayList<>();
			for (String piece : rest.split("\\.\\.\\.")) {
				int quote = piece.indexOf('"');
				if (quote >= 0) {
					fragments.add(piece.substring(quote).trim());
				}
			}
			return new Expectation(status, fragments);
		}

	}

}
