package dev.tether.retry;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tether.retry.app.RetryTestApplication.Conflicts;
import dev.tether.retry.app.Stock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retrying that cannot converge, with the default settings: every attempt conflicts with itself.
 * It must stop after a bounded number of attempts and time, and a storm of such calls must be cut
 * off by the budget. The context is closed afterwards because the storm spends its budget.
 */
@SpringBootTest(classes = dev.tether.retry.app.RetryTestApplication.class)
@DirtiesContext
class RetryNonConvergenceTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		RetryIntegrationTests.register(registry);
	}

	@Autowired
	Conflicts conflicts;

	@Autowired
	RetryCounters counters;

	@Autowired
	RetryBudget budget;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aBoundaryWhoseEveryAttemptConflictsStopsAfterItsAttemptsWithinBoundedTime() {
		long id = 950;
		insert(id);
		this.conflicts.attempts().set(0);
		long started = System.nanoTime();
		assertThatExceptionOfType(RetryExhaustedException.class)
			.isThrownBy(() -> this.conflicts.alwaysConflictingWithDefaults(id))
			.withMessageContaining(Conflicts.class.getName() + ".alwaysConflictingWithDefaults")
			.withMessageContaining("after 10 attempts")
			.withMessageContaining("optimistic-lock conflict on " + Stock.class.getName() + " with id 950")
			.withMessageContaining("tether.retry.max-attempts")
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(RetryOutcome.EXHAUSTED);
				assertThat(ex.getAttempts()).isEqualTo(10);
				assertThat(ex.getTarget().type()).isEqualTo(Stock.class.getName());
				assertThat(ex.getTarget().id()).isEqualTo(id);
			});
		long millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(this.conflicts.attempts().get()).as("attempts: tether.retry.max-attempts").isEqualTo(10);
		// nine full-jitter delays capped at 20, 40, ..., 640, 1000, 1000, 1000 ms: at most 4.26 s of waiting
		assertThat(millis).as("elapsed ms").isLessThan(8000);
	}

	@Test
	void aStormOfCallsThatNeverCommitIsCutOffByTheBudget() throws Exception {
		int threads = 32;
		for (long id = 960; id < 960 + threads; id++) {
			insert(id);
		}
		this.conflicts.attempts().set(0);
		long refused = this.counters.calls(RetryOutcome.BUDGET_REFUSED);
		RetryBudget.Window before = this.budget.window();
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<RetryExhaustedException>> calls = new java.util.ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				long id = 960 + t;
				calls.add(pool.submit(() -> {
					try {
						this.conflicts.alwaysConflictingWithDefaults(id);
						return null;
					}
					catch (RetryExhaustedException ex) {
						return ex;
					}
				}));
			}
			for (Future<RetryExhaustedException> call : calls) {
				assertThat(call.get(60, TimeUnit.SECONDS)).as("every call gives up").isNotNull();
			}
		}
		finally {
			pool.shutdownNow();
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		long budgetRefusals = this.counters.calls(RetryOutcome.BUDGET_REFUSED) - refused;
		assertThat(budgetRefusals).as("calls the budget cut off").isPositive();
		RetryExhaustedException refusal = calls.stream().map(this::get)
			.filter((ex) -> ex.getReason() == RetryOutcome.BUDGET_REFUSED)
			.findFirst()
			.orElseThrow();
		assertThat(refusal.getMessage()).contains("the retry budget refused another retry")
			.contains("tether.retry.budget.ratio")
			.contains("allowed 100 + 10.0 per commit");
		// without the budget: 32 × 10 attempts; with it, retries stop at the window's allowance
		long allowed = before.allowed() - before.retries();
		assertThat(this.conflicts.attempts().get()).as("attempts of the storm")
			.isLessThanOrEqualTo(threads + (int) allowed + threads);
		assertThat(millis).as("elapsed ms").isLessThan(8000);
	}

	private RetryExhaustedException get(Future<RetryExhaustedException> call) {
		try {
			return call.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void insert(long id) {
		this.jdbc.update("delete from retry_stock where id = ?", id);
		this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (?, 1, 'x', 0)", id);
	}

}
