package dev.tether.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "The two commands" demo, as written, on the sample's own settings:
 * <pre>
 * seq 400 | xargs -P 32 -I{} curl -s -o /dev/null -X POST 'localhost:8080/orders?productId=5&amp;quantity=1'
 * curl -s localhost:8080/products/5/stock      # stock went down by exactly 400
 * </pre>
 * Every one of the 400 orders answers 200, the stock goes down by exactly 400, and the retry
 * meters the README reads next show the retries that made it so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadmeDemoTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void fourHundredConcurrentOrdersOfProductFiveAreAllPlacedAndTheStockGoesDownByExactlyFourHundred()
			throws Exception {
		int stockBefore = stock(send("GET", "/products/5/stock").body());
		assertThat(stockBefore).as("the demo's product is seeded for it").isGreaterThanOrEqualTo(400);
		// xargs -P 32: 32 requests in flight at a time
		ExecutorService curl = Executors.newFixedThreadPool(32);
		long started = System.nanoTime();
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> problems = new ArrayList<>();
		try {
			List<Future<HttpResponse<String>>> replies = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				replies.add(curl.submit(() -> send("POST", "/orders?productId=5&quantity=1")));
			}
			for (Future<HttpResponse<String>> reply : replies) {
				HttpResponse<String> response = reply.get(2, TimeUnit.MINUTES);
				statuses.merge(response.statusCode(), 1, Integer::sum);
				if (response.statusCode() != 200) {
					problems.add(response.body());
				}
			}
		}
		finally {
			curl.shutdownNow();
		}
		System.out.printf("README demo: 400 orders in %d ms%n", (System.nanoTime() - started) / 1_000_000);
		assertThat(statuses).as("HTTP statuses, problems: %s", problems).isEqualTo(Map.of(200, 400));
		assertThat(stock(send("GET", "/products/5/stock").body())).as("stock went down by exactly 400")
			.isEqualTo(stockBefore - 400);
		assertThat(send("GET", "/actuator/metrics/tether.retry.calls?tag=outcome:success-after-retry").statusCode())
			.isEqualTo(200);
		assertThat(send("GET", "/actuator/metrics/tether.retry.retries").body())
			.contains("\"name\":\"tether.retry.retries\"");
	}

	@Test
	void aSoldOutOrderIsAnswered409WithAProblemDetail() throws Exception {
		HttpResponse<String> response = send("POST", "/orders?productId=3&quantity=100000");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"title\":\"Sold out\"").contains("\"productId\":3");
	}

	private static int stock(String body) {
		return Integer.parseInt(body.replaceAll(".*\"stock\":(\\d+).*", "$1"));
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
