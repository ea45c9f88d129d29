package dev.tether.retry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tether.retry.app.RetryTestApplication;
import dev.tether.retry.app.RetryTestApplication.Orders;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The second JVM of {@link RetryAcrossProcessesTests}: the same application on the same primary,
 * placing orders on the same row. Prints {@code READY} once started, waits for a line on standard
 * input, places the orders and prints {@code DONE <placed> <failed>}.
 */
public final class OrdersInAnotherProcess {

	private OrdersInAnotherProcess() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String username = args[1];
		String password = args[2];
		int threads = Integer.parseInt(args[3]);
		int perThread = Integer.parseInt(args[4]);
		long stockId = Long.parseLong(args[5]);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RetryTestApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			// as arguments, which win over the test's application.properties: the first process owns the
			// schema (created there), this one must not touch it
			.run("--spring.datasource.url=" + url, "--spring.datasource.username=" + username,
					"--spring.datasource.password=" + password, "--spring.datasource.hikari.maximum-pool-size=34",
					"--spring.jpa.hibernate.ddl-auto=none", "--logging.level.root=warn")) {
			Orders orders = context.getBean(Orders.class);
			RetryCounters counters = context.getBean(RetryCounters.class);
			System.out.println("READY");
			System.out.flush();
			new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			RetryAcrossProcessesTests.Progress progress = new RetryAcrossProcessesTests.Progress(counters);
			List<String> failures = RetryIntegrationTests.placeConcurrently(threads, perThread,
					(thread, i) -> progress.timed(() -> orders.placeAcrossProcesses(stockId)));
			for (String failure : failures) {
				System.err.println(failure);
			}
			System.out.println("DONE " + (threads * perThread - failures.size()) + " " + failures.size() + " | "
					+ progress.summary(threads * perThread));
			System.out.flush();
		}
	}

}
