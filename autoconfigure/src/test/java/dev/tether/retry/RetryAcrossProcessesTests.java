package dev.tether.retry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tether.retry.app.RetryTestApplication.Orders;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVMs × 16 threads × 50 orders on one {@code @Version} row, each JVM with its own turns
 * and budget, {@code maxAttempts = 50} (as {@link RetryHotRowTests}) and a timeout of 60 s (see
 * {@code Orders.placeAcrossProcesses} for why), the defaults otherwise:
 * the processes see each other only through the database, where a turn holder that lost the row to
 * the other process locks it first in its next attempts (see {@code RetryLoop}), so the two take
 * turns in the row lock's queue. Every order is placed, none lost, none twice. Each process's time,
 * worst call and retries per order are printed, for the README's figures.
 */
@SpringBootTest(classes = dev.tether.retry.app.RetryTestApplication.class)
class RetryAcrossProcessesTests {

	private static final long ROW = 2000;

	private static final int THREADS = 16;

	private static final int PER_THREAD = 50;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		RetryIntegrationTests.register(registry);
	}

	@Autowired
	Orders orders;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RetryCounters counters;

	@Test
	void twoProcessesPlaceEveryOrderOnOneRowExactlyOnce() throws Exception {
		int total = 2 * THREADS * PER_THREAD;
		this.jdbc.update("delete from retry_order where stock_id = ?", ROW);
		this.jdbc.update("delete from retry_stock where id = ?", ROW);
		this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (?, ?, 'shared', 0)", ROW, total);
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), OrdersInAnotherProcess.class.getName(), cluster.primary().jdbcUrl(),
				cluster.username(), cluster.password(), String.valueOf(THREADS), String.valueOf(PER_THREAD),
				String.valueOf(ROW))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try {
			BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
			assertThat(readUntil(output, "READY")).as("the other process started").isNotNull();
			Writer go = new OutputStreamWriter(other.getOutputStream(), StandardCharsets.UTF_8);
			go.write("GO\n");
			go.flush();
			CompletableFuture<String> done = CompletableFuture.supplyAsync(() -> readUntil(output, "DONE"));
			Progress progress = new Progress(this.counters);
			List<String> failures = RetryIntegrationTests.placeConcurrently(THREADS, PER_THREAD,
					(thread, i) -> progress.timed(() -> this.orders.placeAcrossProcesses(ROW)));
			String here = progress.summary(THREADS * PER_THREAD);
			String summary = done.get(5, TimeUnit.MINUTES);
			System.out.println("RetryAcrossProcessesTests: this process " + here + "; the other "
					+ summary.substring(summary.indexOf('|') + 2));
			assertThat(failures).as("exceptions that escaped in this process").isEmpty();
			assertThat(summary).as("the other process: DONE placed failed")
				.startsWith("DONE " + THREADS * PER_THREAD + " 0 |");
			assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			other.destroyForcibly();
		}
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			assertThat(this.jdbc.queryForObject("select count(*) from retry_order where stock_id = ?", Integer.class, ROW))
				.as("orders placed, none twice").isEqualTo(total);
			assertThat(this.jdbc.queryForObject("select quantity from retry_stock where id = ?", Integer.class, ROW))
				.as("none lost").isZero();
			assertThat(this.jdbc.queryForObject("select version from retry_stock where id = ?", Long.class, ROW))
				.as("one committed update per order").isEqualTo(total);
		}
	}

	/** A process's orders: how long it took, its worst call, its retries per order. */
	static final class Progress {

		private final RetryCounters counters;

		private final long retriesBefore;

		private final long locksFirstBefore;

		private final long started = System.nanoTime();

		private final java.util.concurrent.atomic.LongAccumulator worstNanos = new java.util.concurrent.atomic.LongAccumulator(
				Long::max, 0);

		Progress(RetryCounters counters) {
			this.counters = counters;
			this.retriesBefore = counters.retries();
			this.locksFirstBefore = counters.rowLocksFirst();
		}

		void timed(Runnable call) {
			long start = System.nanoTime();
			try {
				call.run();
			}
			finally {
				this.worstNanos.accumulate(System.nanoTime() - start);
			}
		}

		String summary(int orders) {
			return String.format(java.util.Locale.ROOT,
					"%d orders in %d ms, worst call %d ms, %.2f retries per order, %d attempts locked their row first",
					orders, (System.nanoTime() - this.started) / 1_000_000, this.worstNanos.get() / 1_000_000,
					(double) (this.counters.retries() - this.retriesBefore) / orders,
					this.counters.rowLocksFirst() - this.locksFirstBefore);
		}

	}

	private static String readUntil(BufferedReader output, String prefix) {
		try {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				if (line.startsWith(prefix)) {
					return line;
				}
			}
			return null;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
