package dev.tether.actuate;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import dev.tether.actuate.ActuateTestApplication.Work;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint and the health contributor over a real server port, on the real primary and
 * replica plus a dead replica, each configured with secrets: the raw bodies never hold them.
 */
@SpringBootTest(classes = ActuateTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TetherEndpointWebIntegrationTests {

	/** The real nodes accept only the cluster's password, which is set three ways. */
	private static final String PASSWORD = SharedReplicatedPostgres.get().password();

	private static final String URL_USER_INFO_SECRET = "url-userinfo-secret";

	private static final String DEAD_REPLICA_PASSWORD = "dead-replica-password";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		int deadPort = freePort();
		registry.add("spring.datasource.url", () -> cluster.primary().jdbcUrl());
		registry.add("spring.datasource.username", cluster::username);
		registry.add("spring.datasource.password", () -> PASSWORD);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
		registry.add("tether.replicas.replica-1.url", () -> cluster.replica(0).jdbcUrl() + "?password=" + PASSWORD);
		registry.add("tether.replicas.replica-1.pool.maximum-pool-size", () -> "4");
		registry.add("tether.replicas.dead.url",
				() -> "jdbc:postgresql://tether:" + URL_USER_INFO_SECRET + "@127.0.0.1:" + deadPort + "/tether");
		registry.add("tether.replicas.dead.password", () -> DEAD_REPLICA_PASSWORD);
		registry.add("tether.replicas.dead.pool.connection-timeout", () -> "250ms");
		registry.add("tether.health.timeout", () -> "1s");
		registry.add("management.endpoints.web.exposure.include", () -> "health,tether");
		registry.add("management.endpoint.health.show-details", () -> "always");
	}

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	Work work;

	@Test
	void theEndpointShowsNodesCountsAndSettingsButNoSecret() throws Exception {
		this.work.readWrite();
		HttpResponse<String> response = get("/actuator/tether");
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		assertThat(body).doesNotContain(PASSWORD, URL_USER_INFO_SECRET, DEAD_REPLICA_PASSWORD)
			.contains("\"name\":\"primary\"", "\"pool\":\"tether-primary\"", "\"name\":\"replica-1\"",
					"\"pool\":\"tether-replica-dead\"", "\"state\":\"")
			.contains("\"read-write\":1")
			.contains("\"spring.datasource.password\":\"******\"", "\"tether.replicas.dead.password\":\"******\"",
					"jdbc:postgresql://tether:******@127.0.0.1:", "?password=******\"");
	}

	@Test
	void theDeadReplicaShowsAsDownOnItsNodeWithoutSecrets() throws Exception {
		// the replica monitor finds it down within one probe; until then a read may find it first
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
			this.work.readOnly();
			assertThat(get("/actuator/tether").body()).containsPattern("\"name\":\"dead\"[^}]*\"state\":\"DOWN\"");
		});
		String body = get("/actuator/tether").body();
		assertThat(body).contains("\"problem\":\"").doesNotContain(URL_USER_INFO_SECRET);
	}

	@Test
	void healthShowsTheDeadReplicaAsADetailOfAnUpContributorWithoutSecrets() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		assertThat(body).doesNotContain(PASSWORD, URL_USER_INFO_SECRET, DEAD_REPLICA_PASSWORD);
		assertThat((String) JsonPath.read(body, "$.components.tether.status")).isEqualTo("UP");
		assertThat((String) JsonPath.read(body, "$.components.tether.details.primary.status")).isEqualTo("UP");
		assertThat((String) JsonPath.read(body, "$.components.tether.details.replicas.replica-1.status")).isEqualTo("UP");
		assertThat((String) JsonPath.read(body, "$.components.tether.details.replicas.dead.status")).isEqualTo("DOWN");
		assertThat(get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
