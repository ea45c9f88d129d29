package dev.tether.retry;

/**
 * Marks that a retry boundary is running on this thread, so a nested {@code @RetryOptimistic}
 * inside its transaction lets conflicts travel out to it instead of retrying by itself. Entered
 * and left in try/finally; not propagated to other threads on purpose: work on another thread
 * runs in another transaction, which that thread's own boundary must own.
 * <p>
 * The depth lives in a per-thread counter that stays at zero between calls rather than in a
 * value set and removed per call: removing a thread-local and setting it again allocates a new
 * map entry every time, which every boundary call would pay. The counter is a JDK array, so it
 * pins no class loader.
 */
final class RetryBoundary {

	private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

	private RetryBoundary() {
	}

	static boolean isActive() {
		return DEPTH.get()[0] > 0;
	}

	/**
	 * Enters a boundary; pass the result to {@link #exit(int[])} in a {@code finally}.
	 * @return this thread's depth, so that leaving reads no thread-local again
	 */
	static int[] enter() {
		int[] depth = DEPTH.get();
		depth[0]++;
		return depth;
	}

	/**
	 * Leaves the boundary entered last.
	 * @param depth what {@link #enter()} returned on this thread
	 */
	static void exit(int[] depth) {
		if (depth[0] > 0) {
			depth[0]--;
		}
	}

}
