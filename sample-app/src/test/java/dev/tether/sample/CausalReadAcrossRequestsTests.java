package dev.tether.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tether.routing.CausalTokens;
import dev.tether.test.postgres.PostgresNode;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request writes and returns its causal token; a second request that sends it back reads the
 * write, from the primary while the replica has not replayed it and from the replica once it has.
 * Asked of the real replica, with its replay paused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CausalReadAcrossRequestsTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void aReadWithTheWritesTokenSeesTheWriteAndOneWithoutReadsTheReplicaAsItIs() throws Exception {
		PostgresNode replica = SharedReplicatedPostgres.get().replica(0);
		SharedReplicatedPostgres.get().awaitReplicasCaughtUp(Duration.ofSeconds(10));
		int before = stock(send("GET", "/products/3", null).body());
		replica.pauseReplay();
		try {
			HttpResponse<String> write = send("POST", "/products/3/stock?delta=7", null);
			assertThat(write.body()).contains("\"node\":\"primary\"");
			String token = write.headers().firstValue(CausalTokens.HEADER).orElse(null);
			// version 2 of the token: the primary's timeline (1 on a fresh cluster), then the position
			assertThat(token).as("the writing request returns its token").isNotNull().startsWith("2.1.");

			String plain = send("GET", "/products/3", null).body();
			assertThat(plain).as("no token: the replica, which has not replayed the write").contains("\"node\":\"replica\"");
			assertThat(stock(plain)).isEqualTo(before);

			String causal = send("GET", "/products/3", token).body();
			assertThat(causal).as("with the token: the primary, because the replica is behind it")
				.contains("\"node\":\"primary\"");
			assertThat(stock(causal)).isEqualTo(before + 7);
		}
		finally {
			replica.resumeReplay();
		}
		SharedReplicatedPostgres.get().awaitReplicasCaughtUp(Duration.ofSeconds(10));
		HttpResponse<String> write = send("POST", "/products/3/stock?delta=1", null);
		String token = write.headers().firstValue(CausalTokens.HEADER).orElseThrow();
		SharedReplicatedPostgres.get().awaitReplicasCaughtUp(Duration.ofSeconds(10));
		String caughtUp = send("GET", "/products/3", token).body();
		assertThat(caughtUp).as("with the token, once replayed: the replica").contains("\"node\":\"replica\"");
		assertThat(stock(caughtUp)).isEqualTo(before + 8);
	}

	private static int stock(String body) {
		return Integer.parseInt(body.replaceAll(".*\"stock\":(-?\\d+).*", "$1"));
	}

	private HttpResponse<String> send(String method, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header(CausalTokens.HEADER, token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
