package dev.tether.retry;

/**
 * One attempt of a boundary's work, given the state the work needs. The boundary passes the state
 * beside a shared, stateless attempt instead of a closure over it, so that a call allocates nothing
 * to describe its work; the first attempt is told apart because some work (an AOP invocation) runs
 * it differently from the retries.
 *
 * @param <C> the state the work needs
 * @param <T> the work's result
 */
@FunctionalInterface
interface Attempt<C, T> {

	/**
	 * Runs the work once.
	 * @param state what the work needs
	 * @param first whether this is the call's first attempt
	 * @return the work's result
	 * @throws Throwable whatever the work throws
	 */
	T run(C state, boolean first) throws Throwable;

}
