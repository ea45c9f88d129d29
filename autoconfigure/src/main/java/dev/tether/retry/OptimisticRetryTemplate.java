package dev.tether.retry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.tether.routing.CommitSettling;
import dev.tether.routing.RowLockFirst;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.retry.Retryable;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 * The first attempt runs without allocating or locking anything; after a conflict, the
 * {@link RetryLoop} classifies the failure by SQLState, lets retries of the same row take turns,
 * bounds the attempts and the time, consults the application's {@link RetryBudget} and draws delays
 * with full jitter. When it gives up it throws {@link RetryExhaustedException}.
 * <p>
 * A commit whose answer the network lost is settled before anything is re-run
 * ({@link CommitSettling}): one that committed returns the work's result, one that rolled back is
 * retried, and one whose outcome stays unknown throws {@link CommitOutcomeUnknownException}.
 */
public class OptimisticRetryTemplate {

	private static final Log logger = LogFactory.getLog(OptimisticRetryTemplate.class);

	private final RetrySettings defaults;

	private final boolean failInsideTransaction;

	private final RetryBudget budget;

	private final OptimisticRetryListener listener;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private final RetryLoop loop;

	private final long commitOutcomeTimeoutNanos;

	private final boolean writesReturnTransactionId;

	/** Shared, stateless attempts: the work travels as their state, so a call allocates no closure. */
	private static final Attempt<Supplier<?>, ?> SUPPLIED = (work, first) -> work.get();

	private static final Attempt<Retryable<?>, ?> RETRYABLE = (work, first) -> work.execute();

	OptimisticRetryTemplate(RetryPolicy policy, RetryBudget budget, OptimisticRetryListener listener) {
		this(policy, budget, listener, RowLocks.VERSIONED_UPDATES_ONLY);
	}

	OptimisticRetryTemplate(RetryPolicy policy, RetryBudget budget, OptimisticRetryListener listener,
			RowLocks rowLocks) {
		this(policy, budget, listener, new GiveUpLog(TimeUnit.MINUTES.toNanos(1), System::nanoTime), rowLocks);
	}

	OptimisticRetryTemplate(RetryPolicy policy, RetryBudget budget, OptimisticRetryListener listener,
			GiveUpLog giveUpLog, RowLocks rowLocks) {
		this.defaults = policy.settings();
		this.failInsideTransaction = policy.failInsideTransaction();
		this.budget = budget;
		this.listener = listener;
		this.loop = new RetryLoop(policy, budget, listener, new HotKeyTurns(), giveUpLog, rowLocks);
		this.commitOutcomeTimeoutNanos = policy.commitOutcomeTimeout().toNanos();
		this.writesReturnTransactionId = policy.writesReturnTransactionId();
	}

	/**
	 * Returns the application's retry budget, which other retry loops (a bulk update's chunk
	 * retries, for example) may share.
	 * @return the budget; {@link RetryBudget#unlimited()} when {@code tether.retry.budget.enabled=false}
	 */
	public RetryBudget budget() {
		return this.budget;
	}

	/**
	 * Runs the work with the default settings.
	 * @param name what the work is, for messages, logs and meters (for example the method)
	 * @param work the work; it must begin its own transaction
	 * @param <T> the result type
	 * @return the work's result
	 * @throws RetryExhaustedException when the boundary stopped retrying a conflict
	 */
	public <T> T execute(String name, Supplier<T> work) {
		return runUnchecked(name, this.defaults, work);
	}

	/**
	 * Runs the work with at most the given number of attempts.
	 * @param name what the work is, for messages, logs and meters (for example the method)
	 * @param maxAttempts maximum number of attempts, the first one included
	 * @param work the work; it must begin its own transaction
	 * @param <T> the result type
	 * @return the work's result
	 * @throws RetryExhaustedException when the boundary stopped retrying a conflict
	 * @throws IllegalArgumentException when {@code maxAttempts} is below 1
	 */
	public <T> T execute(String name, int maxAttempts, Supplier<T> work) {
		RetrySettings settings = this.defaults.withMaxAttempts(maxAttempts);
		String problem = RetrySettings.problem(name, maxAttempts, settings.delay(), settings.maxDelay(),
				settings.multiplier(), settings.timeout());
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		return runUnchecked(name, settings, work);
	}

	private <T> T runUnchecked(String name, RetrySettings settings, Supplier<T> work) {
		try {
			return run(name, settings, null, null, suppliedAttempt(), work);
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

	/** The boundary: checks the transaction state, runs the first attempt, then the retries if needed. */
	<T> T run(String name, RetrySettings settings, Retryable<T> work) throws Throwable {
		return run(name, settings, null, null, retryableAttempt(), work);
	}

	@SuppressWarnings("unchecked")
	private static <T> Attempt<Supplier<T>, T> suppliedAttempt() {
		return (Attempt<Supplier<T>, T>) (Attempt<?, ?>) SUPPLIED;
	}

	@SuppressWarnings("unchecked")
	private static <T> Attempt<Retryable<T>, T> retryableAttempt() {
		return (Attempt<Retryable<T>, T>) (Attempt<?, ?>) RETRYABLE;
	}

	/** Closes a first attempt's row lock request, if any, reporting it when a transaction took it. */
	private void closeAndReport(RowLockFirst lock, String name) {
		if (lock != null) {
			lock.close();
			if (lock.wasTaken()) {
				this.listener.onRowLockedFirst(name);
			}
		}
	}

	/**
	 * The boundary of a method: as {@link #run(String, RetrySettings, Retryable)}, and a call whose
	 * arguments last conflicted on a row that is hot right now queues for its turn first. The work
	 * is an attempt and its state rather than a closure, so that a call allocates nothing.
	 */
	<C, T> T run(String name, RetrySettings settings, HotArguments hints, Object[] arguments, Attempt<C, T> attempt,
			C state) throws Throwable {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			if (RetryBoundary.isActive()) {
				// an outer boundary began this transaction: it re-runs everything on a conflict
				return attempt.run(state, true);
			}
			if (this.failInsideTransaction) {
				throw new RetryInsideTransactionException(name);
			}
			if (this.warned.add(name)) {
				logger.warn(name + " is annotated @RetryOptimistic but was called inside a transaction that no"
						+ " @RetryOptimistic method began; it runs without retrying (tether.retry.inside-transaction=warn)");
			}
			return attempt.run(state, true);
		}
		long start = System.nanoTime();
		HotKeyTurns.Turn held = null;
		int[] depth = RetryBoundary.enter();
		CommitSettling.enter(this.commitOutcomeTimeoutNanos, this.writesReturnTransactionId);
		try {
			Object hotRow = (hints != null) ? hints.rowFor(arguments) : null;
			if (hotRow != null && this.loop.turns().isBusy(hotRow)) {
				held = this.loop.turnBeforeFirstAttempt(hotRow, start + settings.timeout().toNanos(), settings);
			}
			T result;
			// a turn whose holders lose the row to another process: lock it first (see RetryLoop)
			RowLockFirst lock = (held != null) ? held.lockFirstIfLosing(settings.maxDelay().toNanos()) : null;
			try {
				result = attempt.run(state, true);
			}
			catch (Throwable failure) {
				closeAndReport(lock, name);
				// closed before the retries, which take requests of their own
				lock = null;
				HotKeyTurns.Turn turn = held;
				held = null;
				return this.loop.retry(name, settings, attempt, state, failure, start, turn, hints, arguments);
			}
			finally {
				closeAndReport(lock, name);
			}
			this.budget.recordCommitOfCallStartedAt(start);
			this.listener.onCall(name, RetryOutcome.SUCCESS_FIRST_TRY, 1);
			return result;
		}
		finally {
			if (held != null) {
				this.loop.turns().release(held);
			}
			CommitSettling.exit();
			RetryBoundary.exit(depth);
		}
	}

}
