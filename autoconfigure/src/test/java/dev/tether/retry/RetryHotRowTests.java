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
 * The hot row of a user application, with the settings a user gets: 16 threads × 100 orders on
 * one {@code @Version} row, {@code @RetryOptimistic(maxAttempts = 50)}, budget and everything
 * else at their defaults. Every order must land, none twice, none lost, and the budget refuses
 * nothing, because these retries keep committing.
 */
@SpringBootTest(classes = dev.tether.retry.app.RetryTestApplication.class)
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
	void everyOrderOnOneHotRowLandsExactlyOnceWithTheDefaultBudget() throws Exception {
		this.jdbc.update("delete from retry_order where stock_id = ?", HOT);
		this.jdbc.update("delete from retry_stock where id = ?", HOT);
		this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (?, 1600, 'hot', 0)", HOT);
		long retriesBefore = this.counters.retries(ConflictKind.OPTIMISTIC_LOCK);
		double meteredBefore = this.meters.get("tether.retry.retries").tag("conflict", "optimistic-lock").counter().count();
		long refusedBefore = this.counters.calls(RetryOutcome.BUDGET_REFUSED);
		long successBefore = this.counters.calls(RetryOutcome.SUCCESS_FIRST_TRY)
				+ this.counters.calls(RetryOutcome.SUCCESS_AFTER_RETRY);
		long started = System.nanoTime();
		List<String> failures = RetryIntegrationTests.placeConcurrently(16, 100,
				(thread, i) -> this.orders.placeOnHotRow(HOT));
		long millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(failures).as("exceptions that escaped").isEmpty();
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			assertThat(this.jdbc.queryForObject("select quantity from retry_stock where id = ?", Integer.class, HOT))
				.isZero();
			assertThat(this.jdbc.queryForObject("select count(*) from retry_order where stock_id = ?", Integer.class, HOT))
				.isEqualTo(1600);
			assertThat(this.jdbc.queryForObject("select version from retry_stock where id = ?", Long.class, HOT))
				.as("one committed update per order: no lost update").isEqualTo(1600);
		}
		long retries = this.counters.retries(ConflictKind.OPTIMISTIC_LOCK) - retriesBefore;
		long successes = this.counters.calls(RetryOutcome.SUCCESS_FIRST_TRY)
				+ this.counters.calls(RetryOutcome.SUCCESS_AFTER_RETRY) - successBefore;
		assertThat(successes).isEqualTo(1600);
		assertThat(this.counters.calls(RetryOutcome.BUDGET_REFUSED)).as("budget refusals").isEqualTo(refusedBefore);
		assertThat(retries).as("contention on one row must cause retries").isPositive();
		assertThat(this.meters.get("tether.retry.retries").tag("conflict", "optimistic-lock").counter().count()
				- meteredBefore).as("the meter counts the same retries").isEqualTo(retries);
		System.out.printf("hot row: 1600 orders in %d ms, %d retries (%.2f per order)%n", millis, retries,
				retries / 1600.0);
	}

}
