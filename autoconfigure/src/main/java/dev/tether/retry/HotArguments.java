package dev.tether.retry;

import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers, per {@code @RetryOptimistic} method, which arguments last conflicted on which row,
 * so that a new call with the same arguments queues for that row's turn before its first attempt
 * while the row is hot. Without it, first attempts barge ahead of the queue: the thread that just
 * committed starts its next call at once and usually beats the retry whose turn came, which then
 * waits a whole round again, and the queue starves.
 * <p>
 * Only plain arguments are remembered (numbers, strings, characters, booleans, enums, UUIDs), whose
 * {@code equals} is cheap and meaningful; a wrong guess (equal arguments, another row) only makes
 * the call wait for a turn it did not need, within the boundary's time. A method whose calls never
 * conflicted has no hint, and its calls read one field and pay nothing else.
 */
final class HotArguments {

	private static final int SLOTS = 4;

	private final AtomicReferenceArray<Hint> hints = new AtomicReferenceArray<>(SLOTS);

	/** Set once the first hint is stored; until then a call reads only this field. */
	private volatile boolean any;

	/**
	 * Returns the row these arguments last conflicted on, or {@code null}.
	 * @param arguments the call's arguments
	 * @return the row's key, or {@code null} when there is no hint for them
	 */
	Object rowFor(Object[] arguments) {
		if (!this.any || arguments == null || arguments.length == 0) {
			return null;
		}
		Hint hint = this.hints.get(slot(arguments));
		return (hint != null && Arrays.equals(hint.arguments, arguments)) ? hint.row : null;
	}

	/**
	 * Remembers that a call with these arguments conflicted on a row.
	 * @param arguments the call's arguments
	 * @param row the row's key
	 */
	void remember(Object[] arguments, Object row) {
		if (arguments == null || arguments.length == 0 || !plain(arguments)) {
			return;
		}
		int slot = slot(arguments);
		Hint current = this.hints.get(slot);
		if (current == null || !current.row.equals(row) || !Arrays.equals(current.arguments, arguments)) {
			this.hints.set(slot, new Hint(arguments.clone(), row));
			this.any = true;
		}
	}

	private static int slot(Object[] arguments) {
		return Arrays.hashCode(arguments) & (SLOTS - 1);
	}

	private static boolean plain(Object[] arguments) {
		for (Object argument : arguments) {
			if (!(argument == null || argument instanceof Number && argument.getClass().getName().startsWith("java.lang.")
					|| argument instanceof String || argument instanceof Character || argument instanceof Boolean
					|| argument instanceof Enum<?> || argument instanceof UUID)) {
				return false;
			}
		}
		return true;
	}

	private record Hint(Object[] arguments, Object row) {

	}

}
