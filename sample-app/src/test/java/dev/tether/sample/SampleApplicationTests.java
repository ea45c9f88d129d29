package dev.tether.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample on its embedded default, over HTTP: each answer names the node that served it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void readsRunOnTheReplicaWritesOnThePrimaryAndMisplacedWritesAreRefused() throws Exception {
		assertThat(get("/products?category=books")).contains("\"node\":\"replica\"").contains("Product ");
		assertThat(post("/products/1/stock?delta=5")).contains("\"node\":\"primary\"");
		assertThat(get("/products/1/stock")).contains("\"node\":\"primary\"");
		String refused = post("/products/1/misplaced-write");
		assertThat(refused).contains("Tether refused a WRITE statement")
			.contains("dev.tether.sample.InventoryService.misplacedWrite");
		SharedReplicatedPostgres.get().awaitReplicasCaughtUp(Duration.ofSeconds(10));
		assertThat(get("/products/1/stock")).doesNotContain("\"stock\":0");
	}

	@Test
	void concurrentOrdersOfOneProductAreAllPlacedByRetryingTheirTransactions() throws Exception {
		String before = get("/products/2/stock");
		int stockBefore = Integer.parseInt(before.replaceAll(".*\"stock\":(\\d+).*", "$1"));
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			java.util.List<java.util.concurrent.Future<String>> replies = new java.util.ArrayList<>();
			for (int i = 0; i < 40; i++) {
				replies.add(pool.submit(() -> post("/orders?productId=2&quantity=1")));
			}
			for (java.util.concurrent.Future<String> reply : replies) {
				assertThat(reply.get(60, java.util.concurrent.TimeUnit.SECONDS)).contains("\"orderId\"");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(get("/products/2/stock")).contains("\"stock\":" + (stockBefore - 40));
	}

	@Test
	void exposesTheTetherEndpointHealthAndAPrometheusScrapeWithTheRoutingMeters() throws Exception {
		get("/products?category=games");
		post("/products/2/stock?delta=1");
		String tether = get("/actuator/tether");
		assertThat(tether).contains("\"pool\":\"tether-primary\"", "\"pool\":\"tether-replica-replica-1\"")
			.contains("\"spring.datasource.password\":\"******\"")
			.contains("\"retry\":{\"calls\":")
			.doesNotContain(SharedReplicatedPostgres.get().password());
		assertThat(get("/actuator/health")).contains("\"tether\":");
		String scrape = get("/actuator/prometheus");
		assertThat(scrape).contains("tether_routing_decisions_total{", "reason=\"read-only\"", "replica=\"replica-1\"")
			.contains("tether_routing_transactions_seconds_bucket{")
			.contains("tether_replica_lag_seconds{replica=\"replica-1\"}")
			.contains("tether_replica_state{replica=\"replica-1\",state=\"up\"}")
			.contains("tether_retry_calls_total{outcome=\"success-first-try\"}")
			.contains("hikaricp_connections_active{pool=\"tether-primary\"}")
			.contains("hikaricp_connections_active{pool=\"tether-replica-replica-1\"}");
	}

	@Test
	void repricingACategoryRunsInChunksAndChangesEveryProductOfIt() throws Exception {
		String result = post("/products/reprice?category=tools&factor=1.10");
		int tools = CatalogSeeder.PRODUCTS / 3;
		assertThat(result).contains("\"rows\":" + tools);
		assertThat(Integer.parseInt(result.replaceAll(".*\"chunks\":(\\d+).*", "$1"))).isGreaterThan(1);
	}

	private String get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private String post(String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
