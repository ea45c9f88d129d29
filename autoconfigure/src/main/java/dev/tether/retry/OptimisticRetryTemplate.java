package dev.tether.retry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.backoff.BackOff;

/**
 * Runs work that begins its own transaction, re-running all of it on write conflicts: what
 * {@code @RetryOptimistic} does, for code that cannot use the annotation.
 * <pre class="code">
 * Order order = retries.execute("placeOrder", () -&gt; transactions.execute((status) -&gt; place(request)));
 * </pre>
 * Each call is transaction-aware: inside a transaction that an outer boundary began, the work runs
 * once and conflicts travel to that boundary; inside any other transaction, the call fails fast
 * (or, with {@code tether.retry.inside-transaction=warn}, runs once after a warning).
 * <p>
 * Built on Spring Framework's {@link RetryTemplate}, with a policy of our own that classifies
 * failures by SQLState, bounds the attempts, consults the application's retry budget and draws
 * delays with full jitter.
 */
public class OptimisticRetryTemplate {

	private static final Log logger = LogFactory.getLog(OptimisticRetryTemplate.class);

	private final RetryProperties properties;

	private final RetrySettings defaults;

	private final RetryBudget budget;

	private final OptimisticRetryListener listener;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	OptimisticRetryTemplate(RetryProperties properties, RetryBudget budget, OptimisticRetryListener listener) {
		this.properties = properties;
		this.defaults = RetrySettings.of(properties);
		this.budget = budget;
		this.listener = listener;
	}

	/**
	 * Runs the work with the default settings.
	 * @param name what the work is, for messages, logs and meters (for example the method)
	 * @param work the work; it must begin its own transaction
	 * @param <T> the result type
	 * @return the work's result
	 * @throws RetryExhaustedException when every attempt hit a conflict
	 */
	public <T> T execute(String name, Supplier<T> work) {
		return execute(name, this.defaults.maxAttempts(), work);
	}

	/**
	 * Runs the work with at most the given number of attempts.
	 * @param name what the work is, for messages, logs and meters (for example the method)
	 * @param maxAttempts maximum number of attempts, the first one included
	 * @param work the work; it must begin its own transaction
	 * @param <T> the result type
	 * @return the work's result
	 * @throws RetryExhaustedException when every attempt hit a conflict
	 */
	public <T> T execute(String name, int maxAttempts, Supplier<T> work) {
		RetrySettings settings = new RetrySettings(maxAttempts, this.defaults.delay(), this.defaults.maxDelay(),
				this.defaults.multiplier());
		try {
			return run(name, settings, work::get);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	RetrySettings defaults() {
		return this.defaults;
	}

	/** The boundary: checks the transaction state, then runs the attempts. */
	<T> T run(String name, RetrySettings settings, Retryable<T> work) throws Throwable {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			if (RetryBoundary.isActive()) {
				// an outer boundary began this transaction: it re-runs everything on a conflict
				return work.execute();
			}
			if (this.properties.getInsideTransaction() == RetryProperties.InsideTransaction.FAIL) {
				throw new RetryInsideTransactionException(name);
			}
			if (this.warned.add(name)) {
				logger.warn(name + " is annotated @RetryOptimistic but was called inside a transaction that no"
						+ " @RetryOptimistic method began; it runs without retrying (tether.retry.inside-transaction=warn)");
			}
			return work.execute();
		}
		if (this.properties.getBudget().isEnabled()) {
			this.budget.recordCall();
		}
		Attempts attempts = new Attempts(name, settings);
		RetryTemplate template = new RetryTemplate(attempts);
		template.setRetryListener(attempts);
		RetryBoundary.enter();
		try {
			T result = template.execute(new NamedRetryable<>(name, work));
			this.listener.onCall(name, (attempts.retries == 0) ? RetryOutcome.SUCCESS_FIRST_TRY
					: RetryOutcome.SUCCESS_AFTER_RETRY, attempts.retries + 1);
			return result;
		}
		catch (RetryException ex) {
			throw attempts.failure(ex);
		}
		finally {
			RetryBoundary.exit();
		}
	}

	/** The policy and listener of one call: per call, because it counts that call's attempts. */
	private final class Attempts implements RetryPolicy, RetryListener {

		private final String name;

		private final RetrySettings settings;

		private int retries;

		private RetryOutcome stop = RetryOutcome.NOT_RETRYABLE;

		private ConflictKind lastConflict = ConflictKind.OTHER;

		Attempts(String name, RetrySettings settings) {
			this.name = name;
			this.settings = settings;
		}

		@Override
		public boolean shouldRetry(Throwable failure) {
			this.lastConflict = ConflictClassifier.classify(failure);
			if (!OptimisticRetryTemplate.this.properties.isRetried(this.lastConflict)) {
				this.stop = RetryOutcome.NOT_RETRYABLE;
				return false;
			}
			if (this.retries + 1 >= this.settings.maxAttempts()) {
				this.stop = RetryOutcome.EXHAUSTED;
				return false;
			}
			if (OptimisticRetryTemplate.this.properties.getBudget().isEnabled()
					&& !OptimisticRetryTemplate.this.budget.tryAcquireRetry()) {
				this.stop = RetryOutcome.BUDGET_REFUSED;
				return false;
			}
			return true;
		}

		@Override
		public BackOff getBackOff() {
			return this.settings.backOff();
		}

		@Override
		public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
			this.retries++;
			OptimisticRetryTemplate.this.listener.onRetry(this.name, this.lastConflict);
		}

		/** What escapes: the failure itself, or, when attempts ran out, a RetryExhaustedException. */
		Throwable failure(RetryException ex) {
			Throwable last = (ex.getCause() != null) ? ex.getCause() : ex;
			int attempts = this.retries + 1;
			OptimisticRetryTemplate.this.listener.onCall(this.name, this.stop, attempts);
			if (this.stop == RetryOutcome.BUDGET_REFUSED) {
				logger.debug("Retry budget spent: " + this.name + " fails without retrying");
			}
			if (this.stop != RetryOutcome.EXHAUSTED) {
				return last;
			}
			String details = ConflictDetails.describe(last);
			return new RetryExhaustedException("Gave up on " + this.name + " after " + attempts + " attempts: "
					+ this.lastConflict.tagValue() + " conflict" + ((details != null) ? " on " + details : "")
					+ ". If such contention is expected, raise @RetryOptimistic(maxAttempts) or"
					+ " tether.retry.max-attempts; otherwise spread the writes over more rows.", this.name, attempts,
					last);
		}

	}

	/** Gives the work a name in Spring's retry logs. */
	private record NamedRetryable<T>(String name, Retryable<T> work) implements Retryable<T> {

		@Override
		public T execute() throws Throwable {
			return this.work.execute();
		}

		@Override
		public String getName() {
			return this.name;
		}

	}

}
