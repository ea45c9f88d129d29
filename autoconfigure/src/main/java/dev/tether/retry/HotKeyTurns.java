package dev.tether.retry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.tether.routing.RowLockFirst;

/**
 * Turn-taking on hot keys: the retries of this JVM that conflicted on the same row (entity and id,
 * or table and key) take turns, first come first served, instead of colliding again. A key is hot
 * while some retry of this JVM waits for it or holds its turn; its entry is removed when the last
 * one leaves, so the map holds only keys that are being retried right now.
 * <p>
 * Why turns: a conflict on a row means this transaction lost to one that committed; re-running at
 * once, or after a random delay, against the same contenders loses again with a probability that
 * grows with their number (on one hot row most retries of a pure back-off scheme are wasted).
 * Contention managers of software transactional memory learned the same: stalling a loser until
 * the winner is done (Polka, Greedy) wastes less work than blind back-off, and ordering the losers
 * by age (Greedy's timestamps) makes the scheme starvation-free. A fair lock per key is both: the
 * losers queue in arrival order and each re-runs right after its predecessor committed, on fresh
 * data. Spring Framework 7's {@code @ConcurrencyLimit} throttles a method for every argument, hot
 * or not; Hibernate, hypersistence-utils' {@code @Retry} and Spring's {@code @Retryable} re-run
 * after a fixed or random delay only. Contenders in other processes are not seen here; a turn
 * holder that loses to one marks its turn ({@link Turn#lostElsewhere}), and the turn's holders then
 * lock the row first, so that the database orders the processes (see {@link RetryLoop}).
 * <p>
 * Why this cannot deadlock with the database:
 * <ul>
 * <li>a turn is taken only between attempts, before the next transaction begins: the thread that
 * waits holds no database lock and no connection (the failed attempt rolled back and released its
 * connection), so no transaction ever waits for a turn while holding a row lock;</li>
 * <li>a thread holds at most one turn: when its retry conflicts on another row (a transaction
 * that touches several hot rows conflicts on one at a time), it gives back the turn it holds
 * before it waits for the other row's, so there is no hold-and-wait between turns and no cycle
 * can form among them;</li>
 * <li>every wait is bounded, by {@code tether.retry.max-delay} (1 s) and by the boundary's time
 * ({@code tether.retry.timeout}): a holder stuck in a long transaction, or an application that
 * waits inside a transaction for another thread's retry, delays a waiter at most that long; then
 * the waiter runs without its turn, or fails with the reason "time" when its time is spent.</li>
 * </ul>
 * First attempts do not know their row. A method's calls whose arguments last conflicted on a row
 * that is hot right now queue for its turn before their first attempt ({@link HotArguments});
 * every other first attempt neither waits nor takes a lock, so calls that do not conflict pay
 * nothing for turn-taking.
 * <p>
 * A thread interrupted while it waits stops waiting at once, leaves the queue, keeps its
 * interrupt status, and its boundary fails with the reason "interrupted". Turns belong to threads
 * ({@link ReentrantLock}): the boundary that takes one runs all its attempts on the calling thread
 * and gives it back in a {@code finally}.
 */
final class HotKeyTurns {

	private final ConcurrentHashMap<Object, Turn> turns = new ConcurrentHashMap<>();

	/**
	 * Waits for the turn on a key.
	 * @param key the conflicting row
	 * @param timeoutNanos the longest wait
	 * @return the turn, or {@code null} when the wait timed out
	 * @throws InterruptedException when the thread was interrupted while waiting
	 */
	Turn acquire(Object key, long timeoutNanos) throws InterruptedException {
		Turn turn = this.turns.compute(key, (k, existing) -> {
			Turn entered = (existing != null) ? existing : new Turn(k);
			entered.users++;
			return entered;
		});
		boolean acquired = false;
		try {
			// the timed tryLock honours the queue's order (the untimed one would barge ahead of it)
			acquired = turn.lock.tryLock(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
		}
		finally {
			if (!acquired) {
				leave(turn);
			}
		}
		return acquired ? turn : null;
	}

	/**
	 * Gives a turn back: the next waiter in arrival order gets it.
	 * @param turn a turn this thread holds
	 */
	void release(Turn turn) {
		turn.lock.unlock();
		leave(turn);
	}

	/**
	 * Returns whether another retry of this JVM holds or waits for the key's turn.
	 * @param key the conflicting row
	 * @return whether waiting for the turn would queue
	 */
	boolean isBusy(Object key) {
		return this.turns.containsKey(key);
	}

	/** The number of keys that are hot right now. */
	int hotKeys() {
		return this.turns.size();
	}

	private void leave(Turn turn) {
		this.turns.computeIfPresent(turn.key, (k, existing) -> (--existing.users == 0) ? null : existing);
	}

	/** A loss to another process: where the row is, its key, and when. */
	private record Loss(RowTable table, Object id, long at) {

	}

	/** One key's turn: a fair lock and the number of threads holding or waiting for it. */
	static final class Turn {

		private final Object key;

		private final ReentrantLock lock = new ReentrantLock(true);

		/** Changed only inside the map's compute functions, which run atomically per key. */
		private int users;

		/**
		 * The last loss of the row by a holder of this turn, and the loss since which every holder
		 * locks the row first: written by a holder, read by later holders, whom the fair lock's
		 * hand-off already orders after it; volatile so that no reader depends on that.
		 */
		private volatile Loss lastLoss;

		private volatile Loss lockingSince;

		Turn(Object key) {
			this.key = key;
		}

		Object key() {
			return this.key;
		}

		/**
		 * A holder of this turn lost the row to a transaction of another process (or to a first
		 * attempt without a hint). A second loss within the window makes every holder lock the row
		 * first for a window from then ({@link #lockFirstIfLosing}): one loss is as likely a local
		 * first attempt that took no turn, and then only the loser locks, in its next attempt;
		 * losses that repeat are another process's.
		 * @param table where the row is, {@code null} when that is not known (nothing is locked then)
		 * @param id the row's key
		 * @param windowNanos how close two losses must be, and how long locking lasts after the second
		 */
		void lostElsewhere(RowTable table, Object id, long windowNanos) {
			long now = System.nanoTime();
			Loss previous = this.lastLoss;
			Loss loss = new Loss(table, id, now);
			this.lastLoss = loss;
			if (table != null && previous != null && now - previous.at() <= windowNanos) {
				this.lockingSince = loss;
			}
		}

		/**
		 * Opens a request to lock the row first ({@link RowLockFirst}) while the turn's holders keep
		 * losing the row elsewhere; the caller closes it in a {@code finally}.
		 * @param windowNanos how long locking lasts after the loss that started it
		 * @return the open request, or {@code null} when the holders are not losing
		 */
		RowLockFirst lockFirstIfLosing(long windowNanos) {
			Loss since = this.lockingSince;
			if (since == null || System.nanoTime() - since.at() > windowNanos) {
				return null;
			}
			return RowLockFirst.request(since.table().table(), since.table().keyColumn(), since.id());
		}

	}

}
