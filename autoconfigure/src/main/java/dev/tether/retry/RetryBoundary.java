package dev.tether.retry;

/**
 * Marks that a retry boundary is running on this thread, so a nested {@code @RetryOptimistic}
 * inside its transaction lets conflicts travel out to it instead of retrying by itself. Entered
 * and left in try/finally; not propagated to other threads on purpose: work on another thread
 * runs in another transaction, which that thread's own boundary must own.
 */
final class RetryBoundary {

	private static final ThreadLocal<Integer> DEPTH = new ThreadLocal<>();

	private RetryBoundary() {
	}

	static boolean isActive() {
		return DEPTH.get() != null;
	}

	static void enter() {
		Integer depth = DEPTH.get();
		DEPTH.set((depth != null) ? depth + 1 : 1);
	}

	static void exit() {
		Integer depth = DEPTH.get();
		if (depth == null || depth <= 1) {
			DEPTH.remove();
		}
		else {
			DEPTH.set(depth - 1);
		}
	}

}
