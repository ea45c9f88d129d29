package dev.tether.retry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.tether.routing.RowLockFirst;
import dev.tether.routing.UnansweredCommitException;

import org.springframework.util.backoff.BackOffExecution;

/**
 * The retries of one boundary call, after its first attempt failed: the slow path, so the first
 * attempt allocates nothing and takes no lock. Each round decides in this order:
 * <ol>
 * <li>not a retried conflict: the failure escapes unchanged;</li>
 * <li>{@code maxAttempts} spent, the boundary's time spent, or the budget refuses: a
 * {@link RetryExhaustedException} says which;</li>
 * <li>a conflict on the row whose turn this retry holds: the retries of this JVM wait behind it,
 * so the winner was another process (or a first attempt without a hint); keep the turn, note the
 * loss on it, and re-run at once with the row locked first (below); where the row's table is not known, or
 * the {@code DataSource} is not Tether's, back off with full jitter up to the first delay
 * ({@code delay}) instead;</li>
 * <li>otherwise give back the turn held on another row, if any; if no other retry of this JVM
 * holds or waits for the conflicting row (or the conflict names no row), the winner was a first
 * attempt or another process: back off with full jitter, holding no turn; but not after the call's
 * first optimistic-lock conflict, whose winner has committed, so the retry follows at once;</li>
 * <li>an optimistic-lock conflict that names its row: join the row's queue ({@link HotKeyTurns})
 * and wait, at most {@code max-delay} and never past the boundary's time; the retry runs as soon
 * as its turn comes, right after the retry ahead of it finished, or without its turn when the
 * wait ran out.</li>
 * </ol>
 * So within this JVM one retry of a row runs at a time and the losers take turns in arrival order.
 * <p>
 * <b>Across processes</b> the turns cannot help: each JVM hands its row from holder to holder
 * without a gap, and a JVM whose holder only backs off with jitter loses nearly every race to one
 * that does not (seen: a JVM that committed 2 orders in 10 s while the other placed its own, and
 * failed 7 of its 800, one after all 50 attempts). Only the database sees both, so it arbitrates: a
 * retry that lost its row while holding the row's turn begins its next attempts' transactions with
 * {@code SELECT 1 FROM <table> WHERE <key> = ? FOR UPDATE} ({@link RowLockFirst}), waiting in the
 * row lock's queue instead of racing, so its versioned update cannot lose again. One such loss may
 * be to a first attempt of this JVM that took no turn; when the turn's holders lose twice within
 * {@code max-delay} (1 s), the losses are another process's, and every attempt that holds the turn
 * locks first during the next {@code max-delay}. The other JVM's holder, whose update waited for
 * that lock, loses, locks first too, and soon its turn's holders all do, so the two JVMs alternate
 * in the database's queue, one holder each. Nothing changes for rows that lose nothing elsewhere. This adds no deadlock between turns
 * and database locks: the row lock is taken inside the attempt, by a thread that already holds
 * its turn and waits for nothing of this JVM until the attempt ends; a transaction that locks other
 * rows as well can deadlock in the database as any transaction can, and that deadlock is detected
 * there and retried. Under PostgreSQL's {@code REPEATABLE READ} a lock that waited for a commit
 * fails the attempt with a serialization failure, which is retried with back-off.
 * Every attempt runs on the calling thread, so the turn it holds is given back in the
 * {@code finally} on the same thread. Why the turns cannot deadlock with database locks is written
 * at {@link HotKeyTurns}.
 * <p>
 * Spring's {@code RetryTemplate} ran these attempts before; it is not used here because a round
 * needs decisions its {@code RetryPolicy} and {@code BackOff} cannot express (wait for a turn
 * instead of a delay, skip the delay after a wait, one deadline across waits and delays) and
 * because it allocates its state per call, first attempts included.
 */
final class RetryLoop {

	private final RetryPolicy policy;

	private final RetryBudget budget;

	private final OptimisticRetryListener listener;

	private final HotKeyTurns turns;

	private final GiveUpLog giveUpLog;

	private final RowLocks rowLocks;

	RetryLoop(RetryPolicy policy, RetryBudget budget, OptimisticRetryListener listener, HotKeyTurns turns,
			GiveUpLog giveUpLog, RowLocks rowLocks) {
		this.policy = policy;
		this.budget = budget;
		this.listener = listener;
		this.turns = turns;
		this.giveUpLog = giveUpLog;
		this.rowLocks = rowLocks;
	}

	HotKeyTurns turns() {
		return this.turns;
	}

	/**
	 * Queues a first attempt for a hot row's turn, when its arguments last conflicted there.
	 * @return the turn, or {@code null} to run without one (timed out or interrupted: a call that
	 * has not conflicted yet is not failed for it)
	 */
	HotKeyTurns.Turn turnBeforeFirstAttempt(Object row, long deadline, RetrySettings settings) {
		try {
			return this.turns.acquire(row, Math.min(deadline - System.nanoTime(), settings.maxDelay().toNanos()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	<C, T> T retry(String name, RetrySettings settings, Attempt<C, T> attempt, C state, Throwable firstFailure,
			long startNanos, HotKeyTurns.Turn firstTurn, HotArguments hints, Object[] arguments) throws Throwable {
		long deadline = startNanos + settings.timeout().toNanos();
		Throwable last = firstFailure;
		int attempts = 1;
		long waitedNanos = 0;
		HotKeyTurns.Turn held = firstTurn;
		BackOffExecution backOff = null;
		// false once a lock request went untaken (the DataSource is not Tether's): jitter from then on
		boolean locksTaken = true;
		// the row this call locks first in its attempts, once it lost the row while holding its turn
		RowTable lockOwn = null;
		try {
			while (true) {
				ConflictKind kind = ConflictClassifier.classify(last);
				if (kind == ConflictKind.COMMIT_OUTCOME_UNKNOWN) {
					this.listener.onCall(name, RetryOutcome.COMMIT_OUTCOME_UNKNOWN, attempts);
					throw new CommitOutcomeUnknownException(name, attempts, unanswered(last));
				}
				if (!this.policy.isRetried(kind)) {
					this.listener.onCall(name, RetryOutcome.NOT_RETRYABLE, attempts);
					throw last;
				}
				if (attempts >= settings.maxAttempts()) {
					throw giveUp(name, settings, RetryOutcome.EXHAUSTED, kind, last, attempts, startNanos, waitedNanos);
				}
				if (System.nanoTime() - deadline >= 0) {
					throw giveUp(name, settings, RetryOutcome.TIME_SPENT, kind, last, attempts, startNanos, waitedNanos);
				}
				if (!this.budget.tryAcquireRetry()) {
					throw giveUp(name, settings, RetryOutcome.BUDGET_REFUSED, kind, last, attempts, startNanos,
							waitedNanos);
				}
				ConflictTarget target = (kind == ConflictKind.OPTIMISTIC_LOCK) ? ConflictTarget.of(last) : null;
				if (target != null && hints != null) {
					hints.remember(arguments, target.key());
				}
				boolean sameRow = held != null && target != null && held.key().equals(target.key());
				if (held != null && !sameRow) {
					// a thread never holds one turn while it waits for another
					this.turns.release(held);
					held = null;
					lockOwn = null;
				}
				if (sameRow) {
					// lost while holding the row's turn: the retries of this JVM wait behind it, so the
					// winner was another process (or a first attempt without a hint): keep the turn,
					// mark it, and lock the row first in the next attempt (see "across processes"
					// above); where the row cannot be locked so, back off briefly with full jitter, at
					// most the first delay
					RowTable table = this.rowLocks.tableOf(last, target);
					held.lostElsewhere(table, target.id(), settings.maxDelay().toNanos());
					lockOwn = locksTaken ? table : null;
				}
				if (sameRow && lockOwn == null) {
					long delayMillis = ThreadLocalRandom.current().nextLong(settings.delay().toMillis() + 1);
					if (!sleep(delayMillis, deadline)) {
						throw giveUp(name, settings, Thread.currentThread().isInterrupted() ? RetryOutcome.INTERRUPTED
								: RetryOutcome.TIME_SPENT, kind, last, attempts, startNanos, waitedNanos);
					}
				}
				else if (target == null || !this.turns.isBusy(target.key())) {
					// nobody of this JVM is retrying this row: the winner was a first attempt or
					// another process, so back off with full jitter, holding nothing; except the
					// call's first optimistic-lock conflict, retried at once: a version that moved
					// is a write that has committed (the versioned UPDATE waited for its row lock),
					// so a re-read sees it, and a delay would only idle the thread (over 1,000 rows
					// at 32 threads one order in twenty conflicts once; sleeping 10 ms on average for
					// each cost a tenth of the throughput)
					// a refused RETURNING is not contention at all: re-run at once, without the clause
					boolean once = kind == ConflictKind.RETURNING_REFUSED
							|| kind == ConflictKind.OPTIMISTIC_LOCK && backOff == null && attempts == 1;
					if (backOff == null) {
						backOff = settings.backOff().start();
					}
					if (!once && !sleep(backOff.nextBackOff(), deadline)) {
						throw giveUp(name, settings, Thread.currentThread().isInterrupted() ? RetryOutcome.INTERRUPTED
								: RetryOutcome.TIME_SPENT, kind, last, attempts, startNanos, waitedNanos);
					}
				}
				if (target != null && held == null) {
					// join the row's queue: a retry that waits there runs as soon as its turn comes,
					// right after the retry ahead of it finished; a wait lasts at most max-delay, after
					// which the retry runs without its turn (on an overloaded machine the hand-offs of a
					// queue get slow, and jittered attempts do not depend on them)
					long waitStart = System.nanoTime();
					long wait = Math.min(deadline - waitStart, settings.maxDelay().toNanos());
					try {
						held = this.turns.acquire(target.key(), wait);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw giveUp(name, settings, RetryOutcome.INTERRUPTED, kind, last, attempts, startNanos,
								waitedNanos + (System.nanoTime() - waitStart));
					}
					waitedNanos += System.nanoTime() - waitStart;
					if (held == null && System.nanoTime() - deadline >= 0) {
						throw giveUp(name, settings, RetryOutcome.TIME_SPENT, kind, last, attempts, startNanos,
								waitedNanos);
					}
				}
				this.listener.onRetry(name, kind);
				attempts++;
				RowLockFirst lock = null;
				if (held != null) {
					lock = (lockOwn != null) ? RowLockFirst.request(lockOwn.table(), lockOwn.keyColumn(), target.id())
							: held.lockFirstIfLosing(settings.maxDelay().toNanos());
				}
				try {
					T result = attempt.run(state, false);
					this.budget.recordCommit();
					this.listener.onCall(name, RetryOutcome.SUCCESS_AFTER_RETRY, attempts);
					return result;
				}
				catch (Throwable next) {
					last = next;
				}
				finally {
					if (lock != null) {
						lock.close();
						locksTaken = lock.wasTaken();
						if (!locksTaken) {
							lockOwn = null;
						}
						if (locksTaken) {
							this.listener.onRowLockedFirst(name);
						}
					}
				}
			}
		}
		finally {
			if (held != null) {
				this.turns.release(held);
			}
		}
	}

	/** The unanswered commit the classifier found among the failure's causes. */
	private static UnansweredCommitException unanswered(Throwable failure) {
		for (Throwable current = failure; current != null; current = next(current)) {
			if (current instanceof UnansweredCommitException unanswered) {
				return unanswered;
			}
		}
		throw new IllegalStateException("classified as an unanswered commit without one", failure);
	}

	private static Throwable next(Throwable current) {
		Throwable cause = current.getCause();
		if (cause == null && current instanceof java.sql.SQLException sqlException) {
			cause = sqlException.getNextException();
		}
		return (cause != current) ? cause : null;
	}

	/**
	 * Sleeps unless the delay would end past the deadline.
	 * @return {@code false} when the time is spent or the thread was interrupted (its status kept)
	 */
	private static boolean sleep(long delayMillis, long deadline) {
		if (delayMillis <= 0) {
			return true;
		}
		if (TimeUnit.MILLISECONDS.toNanos(delayMillis) >= deadline - System.nanoTime()) {
			return false;
		}
		try {
			Thread.sleep(delayMillis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private RetryExhaustedException giveUp(String name, RetrySettings settings, RetryOutcome reason, ConflictKind kind,
			Throwable last, int attempts, long startNanos, long waitedNanos) {
		ConflictTarget target = ConflictTarget.of(last);
		long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
		String why = switch (reason) {
			case EXHAUSTED -> "all " + attempts + " allowed attempts conflicted. If such contention is expected, raise"
					+ " @RetryOptimistic(maxAttempts) or tether.retry.max-attempts; otherwise spread the writes over"
					+ " more rows.";
			case BUDGET_REFUSED -> "the retry budget refused another retry: " + this.budget.describe()
					+ ". Retries are granted while they pay off in commits; many boundaries are retrying without"
					+ " committing. Raise tether.retry.budget.ratio or tether.retry.budget.min-retries, or set"
					+ " tether.retry.budget.enabled=false.";
			case TIME_SPENT -> "its time of " + RetryBudget.text(settings.timeout()) + " was spent ("
					+ waitedNanos / 1_000_000 + " ms of it waiting for the row's turn). Raise"
					+ " @RetryOptimistic(timeout) or tether.retry.timeout.";
			default -> "the thread was interrupted while it waited to retry.";
		};
		RetryExhaustedException failure = new RetryExhaustedException("Gave up on " + name + " after " + attempts
				+ ((attempts == 1) ? " attempt" : " attempts") + " in " + elapsedMillis + " ms: " + kind.tagValue()
				+ " conflict" + ((target != null) ? " on " + target : "") + "; stopped because " + why, name,
				attempts, reason, target, last);
		this.listener.onCall(name, reason, attempts);
		this.giveUpLog.log(failure);
		return failure;
	}

}
