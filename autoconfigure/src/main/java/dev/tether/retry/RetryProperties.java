package dev.tether.retry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Whole-transaction retries ({@code tether.retry.*}): the defaults of {@code @RetryOptimistic},
 * which failures are retried, the application's retry budget and the startup check of
 * {@code @Version} fields. Validates itself when bound. Its defaults equal the library's
 * ({@link RetryPolicy#defaults()}, {@link VersionFieldCheck#DEFAULT_MODE}), written as literals so
 * that the configuration metadata shows them; a test keeps them equal.
 */
@ConfigurationProperties("tether.retry")
public class RetryProperties implements Validator {

	/** Whether to apply @RetryOptimistic and provide the OptimisticRetryTemplate bean. */
	private boolean enabled = true;

	/** Maximum number of attempts of a retry boundary, the first one included. */
	private int maxAttempts = 10;

	/** Cap of the first retry delay; each delay is drawn between zero and the current cap. */
	private Duration delay = Duration.ofMillis(20);

	/** Largest cap a retry delay can grow to. */
	private Duration maxDelay = Duration.ofSeconds(1);

	/** Factor by which the delay cap grows after each attempt. */
	private double multiplier = 2.0;

	/**
	 * Longest time a retry boundary keeps retrying: no attempt starts after it, and waits for a hot
	 * key's turn and back-off delays end by it.
	 */
	private Duration timeout = Duration.ofSeconds(10);

	/**
	 * Longest time a retry boundary looks for the outcome of a commit whose answer was lost (the
	 * connection broke during COMMIT) before it gives up with CommitOutcomeUnknownException.
	 */
	private Duration commitOutcomeTimeout = Duration.ofSeconds(10);

	/**
	 * Whether, on PostgreSQL 13+, a retry boundary's first single-row INSERT, UPDATE or DELETE of a
	 * transaction (what Hibernate writes for an entity, on a table without rules or row-level
	 * security), and every VersionedUpdate, also returns the transaction's id by appending RETURNING
	 * pg_current_xact_id(), so that settling a lost commit answer needs no query before COMMIT. When
	 * false, or when no write qualifies, the commit asks for the id in a round trip of its own.
	 */
	private boolean writesReturnTransactionId = true;

	/** What a @RetryOptimistic method does when called inside a transaction no retry boundary began. */
	private InsideTransaction insideTransaction = InsideTransaction.FAIL;

	/** Whether to retry optimistic-lock failures (@Version conflicts). */
	private boolean optimisticLockFailures = true;

	/** Whether to retry deadlocks (PostgreSQL 40P01, MySQL 1213). */
	private boolean deadlocks = true;

	/** Whether to retry serialization failures (SQLState 40001). */
	private boolean serializationFailures = true;

	/** Whether to retry lock-wait timeouts (PostgreSQL 55P03, MySQL 1205); the lock holder may still be busy. */
	private boolean lockTimeouts = false;

	/** What to do at startup about JPA entities without a @Version field. */
	private RequireVersion requireVersion = RequireVersion.WARN;

	private final Budget budget = new Budget();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getCommitOutcomeTimeout() {
		return this.commitOutcomeTimeout;
	}

	public void setCommitOutcomeTimeout(Duration commitOutcomeTimeout) {
		this.commitOutcomeTimeout = commitOutcomeTimeout;
	}

	public boolean isWritesReturnTransactionId() {
		return this.writesReturnTransactionId;
	}

	public void setWritesReturnTransactionId(boolean writesReturnTransactionId) {
		this.writesReturnTransactionId = writesReturnTransactionId;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getDelay() {
		return this.delay;
	}

	public void setDelay(Duration delay) {
		this.delay = delay;
	}

	public Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public InsideTransaction getInsideTransaction() {
		return this.insideTransaction;
	}

	public void setInsideTransaction(InsideTransaction insideTransaction) {
		this.insideTransaction = insideTransaction;
	}

	public boolean isOptimisticLockFailures() {
		return this.optimisticLockFailures;
	}

	public void setOptimisticLockFailures(boolean optimisticLockFailures) {
		this.optimisticLockFailures = optimisticLockFailures;
	}

	public boolean isDeadlocks() {
		return this.deadlocks;
	}

	public void setDeadlocks(boolean deadlocks) {
		this.deadlocks = deadlocks;
	}

	public boolean isSerializationFailures() {
		return this.serializationFailures;
	}

	public void setSerializationFailures(boolean serializationFailures) {
		this.serializationFailures = serializationFailures;
	}

	public boolean isLockTimeouts() {
		return this.lockTimeouts;
	}

	public void setLockTimeouts(boolean lockTimeouts) {
		this.lockTimeouts = lockTimeouts;
	}

	public RequireVersion getRequireVersion() {
		return this.requireVersion;
	}

	public void setRequireVersion(RequireVersion requireVersion) {
		this.requireVersion = requireVersion;
	}

	public Budget getBudget() {
		return this.budget;
	}

	/**
	 * Returns the policy the core's retry boundaries take.
	 * @return the policy
	 */
	RetryPolicy toPolicy() {
		return new RetryPolicy(new RetrySettings(this.maxAttempts, this.delay, this.maxDelay, this.multiplier,
				this.timeout), this.commitOutcomeTimeout, this.insideTransaction == InsideTransaction.FAIL,
				this.optimisticLockFailures, this.deadlocks, this.serializationFailures, this.lockTimeouts,
				this.writesReturnTransactionId);
	}

	/**
	 * Returns what the core's startup check of {@code @Version} fields does.
	 * @return the mode
	 */
	VersionFieldCheck.Mode toVersionCheckMode() {
		return switch (this.requireVersion) {
			case WARN -> VersionFieldCheck.Mode.WARN;
			case FAIL -> VersionFieldCheck.Mode.FAIL;
			case OFF -> VersionFieldCheck.Mode.OFF;
		};
	}

	@Override
	public boolean supports(Class<?> type) {
		return RetryProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		RetryProperties properties = (RetryProperties) target;
		if (properties.getMaxAttempts() < 1) {
			errors.reject("tether.retry.max-attempts", "tether.retry.max-attempts must be at least 1 (was "
					+ properties.getMaxAttempts() + ")");
		}
		if (properties.getDelay().isNegative()) {
			errors.reject("tether.retry.delay",
					"tether.retry.delay must be zero or positive (was " + properties.getDelay() + ")");
		}
		if (properties.getMaxDelay().isNegative()) {
			errors.reject("tether.retry.max-delay",
					"tether.retry.max-delay must be zero or positive (was " + properties.getMaxDelay() + ")");
		}
		else if (properties.getDelay().compareTo(properties.getMaxDelay()) > 0) {
			errors.reject("tether.retry.max-delay", "tether.retry.max-delay must be at least tether.retry.delay (were "
					+ properties.getMaxDelay() + " and " + properties.getDelay() + ")");
		}
		if (!(properties.getMultiplier() >= 1)) {
			errors.reject("tether.retry.multiplier",
					"tether.retry.multiplier must be at least 1 (was " + properties.getMultiplier() + ")");
		}
		if (properties.getCommitOutcomeTimeout() == null || properties.getCommitOutcomeTimeout().isNegative()) {
			errors.reject("tether.retry.commit-outcome-timeout", "tether.retry.commit-outcome-timeout must be zero or"
					+ " positive (was " + properties.getCommitOutcomeTimeout() + ")");
		}
		if ((properties.getTimeout().isNegative() || properties.getTimeout().isZero())) {
			errors.reject("tether.retry.timeout",
					"tether.retry.timeout must be positive (was " + properties.getTimeout() + ")");
		}
		Budget budget = properties.getBudget();
		if (budget.getRatio() <= 0) {
			errors.reject("tether.retry.budget.ratio",
					"tether.retry.budget.ratio must be greater than 0 (retries per commit; was " + budget.getRatio()
							+ "); set tether.retry.budget.enabled=false to retry without a budget");
		}
		if (budget.getMinRetries() < 0) {
			errors.reject("tether.retry.budget.min-retries",
					"tether.retry.budget.min-retries must not be negative (was " + budget.getMinRetries() + ")");
		}
		if (budget.getWindow().toMillis() < 10) {
			errors.reject("tether.retry.budget.window",
					"tether.retry.budget.window must be at least 10ms (was " + budget.getWindow() + ")");
		}
	}

	/** What a @RetryOptimistic method does inside a transaction that no retry boundary began. */
	public enum InsideTransaction {

		/** Throw {@link RetryInsideTransactionException} at call time. */
		FAIL,

		/** Log a warning once per method and call it without retrying. */
		WARN

	}

	/** What to do at startup about JPA entities without a @Version field. */
	public enum RequireVersion {

		/** Log a warning naming them. */
		WARN,

		/** Fail the startup, naming them. */
		FAIL,

		/** Do not check. */
		OFF

	}

	/** The application's retry budget. */
	public static class Budget {

		/** Whether retries are limited by an application-wide budget. */
		private boolean enabled = true;

		/**
		 * Retries that each committed call of a retry boundary earns within the window: retries are
		 * granted while fewer than min-retries + ratio x commits ran in the window.
		 */
		private double ratio = 10;

		/** Retries always granted within the window, even when nothing commits. */
		private long minRetries = 100;

		/** Length of the sliding window the budget counts over. */
		private Duration window = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getRatio() {
			return this.ratio;
		}

		public void setRatio(double ratio) {
			this.ratio = ratio;
		}

		public long getMinRetries() {
			return this.minRetries;
		}

		public void setMinRetries(long minRetries) {
			this.minRetries = minRetries;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

}
