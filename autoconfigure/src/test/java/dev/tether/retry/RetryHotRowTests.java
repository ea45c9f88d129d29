package dev.tether.retry;

import java.util.List;

import dev.tether.retry.app.RetryTestApplication.Orders;
import dev.tether.routing.RoutingContextHolder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Extreme contention: 32 threads × 200 orders on one row with stock 6,400. Every order must land,
 * none twice, none lost. The method allows 500 attempts (see {@code Orders.placeOnHotRow}); the
 * retry budget is off here because this load is, by design, a conflict storm that the budget
 * exists to cut short in production.
 */
@SpringBootTest(classes = dev.tether.retry.app.RetryTestApplication.class, properties = { "tether.retry.budget.enabled=false" })
class RetryHotRowTests {

	private static final long HOT = 1000;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		RetryIntegrationTests.register(registry);
	}

	@Autowired
	Orders orders;

	@Autowired
	RetryCounters counters;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void everyOrderOnOneHotRowLandsExactlyOnce() throws Exception {
		this.jdbc.update("delete from retry_order where stock_id = ?", HOT);
		this.jdbc.update("delete from retry_stock where id = ?", HOT);
		this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (?, 6400, 'hot', 0)", HOT);
		long retriesBefore = this.counters.retries(ConflictKind.OPTIMISTIC_LOCK);
		double meteredBefore = this.meters.get("tether.retry.retries").tag("conflict", "optimistic-lock").counter().count();
		long successBefore = this.counters.calls(RetryOutcome.SUCCESS_FIRST_TRY)
				+ this.counters.calls(RetryOutcome.SUCCESS_AFTER_RETRY);
		long started = System.nanoTime();
		List<String> failures = RetryIntegrationTests.placeConcurrently(32, 200,
				(thread, i) -> this.orders.placeOnHotRow(HOT));
		long millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(failures).as("exceptions that escaped").isEmpty();
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			assertThat(this.jdbc.queryForObject("select quantity from retry_stock where id = ?", Integer.class, HOT))
				.isZero();
			assertThat(this.jdbc.queryForObject("select count(*) from retry_order where stock_id = ?", Integer.class, HOT))
				.isEqualTo(6400);
			assertThat(this.jdbc.queryForObject("select version from retry_stock where id = ?", Long.class, HOT))
				.as("one committed update per order: no lost update").isEqualTo(6400);
		}
		long retries = this.counters.retries(ConflictKind.OPTIMISTIC_LOCK) - retriesBefore;
		long successes = this.counters.calls(RetryOutcome.SUCCESS_FIRST_TRY)
				+ this.counters.calls(RetryOutcome.SUCCESS_AFTER_RETRY) - successBefore;
		assertThat(successes).isEqualTo(6400);
		assertThat(retries).as("contention on one row must cause retries").isPositive();
		assertThat(this.meters.get("tether.retry.retries").tag("conflict", "optimistic-lock").counter().count()
				- meteredBefore).as("the meter counts the same retries").isEqualTo(retries);
		System.out.printf("hot row: 6400 orders in %d ms, %d retries (%.2f per order)%n", millis, retries,
				retries / 6400.0);
	}

}
