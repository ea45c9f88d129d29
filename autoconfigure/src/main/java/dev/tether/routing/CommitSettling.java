package dev.tether.routing;

import java.time.Duration;

/**
 * Marks that the calling thread runs inside a boundary that re-runs failed transactions (a
 * {@code @RetryOptimistic} method, a bulk update's chunk): there, Tether settles the outcome of a
 * commit whose answer was lost instead of reporting a bare connection failure. Before such a
 * boundary's commit on PostgreSQL of a transaction that ran more than plain reads, the primary is
 * asked for the transaction's id (one round trip), and if the
 * connection breaks during {@code COMMIT}, a fresh connection asks whether that transaction
 * committed: a commit that happened returns normally, one known to have rolled back and one whose
 * outcome stayed unknown throw an {@link UnansweredCommitException} saying which. Outside such a
 * boundary commits cost nothing extra.
 * <p>
 * Entered and left in try/finally, on the thread that commits; nested boundaries keep the outer
 * one's timeout. Like {@code RetryBoundary}, the state is a per-thread array that stays in place
 * between calls, so entering allocates nothing. Applications with their own retry loops can enter
 * it the same way.
 */
public final class CommitSettling {

	/** How long the outcome of a commit is looked for by default. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** [0]: depth; [1]: the outermost boundary's timeout in nanoseconds. */
	private static final ThreadLocal<long[]> STATE = ThreadLocal.withInitial(() -> new long[2]);

	private CommitSettling() {
	}

	/**
	 * Enters a boundary; call {@link #exit()} in a {@code finally}.
	 * @param timeoutNanos the longest time to look for a lost commit's outcome, in nanoseconds
	 */
	public static void enter(long timeoutNanos) {
		long[] state = STATE.get();
		if (state[0]++ == 0) {
			state[1] = timeoutNanos;
		}
	}

	/** Leaves the boundary entered last. */
	public static void exit() {
		long[] state = STATE.get();
		if (state[0] > 0) {
			state[0]--;
		}
	}

	/**
	 * Whether the calling thread is inside a boundary.
	 * @return {@code true} between {@link #enter(long)} and its {@link #exit()}
	 */
	public static boolean isActive() {
		return STATE.get()[0] > 0;
	}

	/** The outermost boundary's timeout, in nanoseconds. */
	static long timeoutNanos() {
		return STATE.get()[1];
	}

}
