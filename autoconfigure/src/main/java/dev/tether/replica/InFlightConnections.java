package dev.tether.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The physical connections the routing path holds on one node, so that the monitor can abort them
 * when the node turns {@link ReplicaState#DOWN}: a thread blocked reading from a hung host then
 * returns at once instead of waiting for TCP to give up.
 * <p>
 * A slot array rather than a concurrent set: {@link #enter} claims a free slot with one
 * compare-and-set and {@link #leave} clears it, so the hot path allocates nothing (a concurrent
 * set allocates a node per entry). The array only grows, under a lock, when every slot is taken,
 * which a pool of bounded size reaches once. A slot that outlives its connection (the connection
 * was closed and given back) is harmless: aborting a pool's closed handle does nothing.
 * <p>
 * It also keeps when work on the node last completed ({@link #answered()}): the monitor's evidence
 * that a node whose probe is slow still answers.
 * <p>
 * And it remembers the connections it aborted, and why, until their holders leave
 * ({@link #abortedBecause}): a call that fails on one of them failed because Tether aborted it, so
 * the routing path can say so (naming the node and the probe's verdict) instead of passing on the
 * driver's bare I/O error. Kept in a copy-on-write array that is empty until an abort: the happy
 * path neither reads nor writes it ({@link #leave} finds its slot first).
 */
public final class InFlightConnections {

	/** {@link #lastAnswerNanos()} of a node no work has completed on yet. */
	public static final long NEVER = Long.MIN_VALUE;

	private static final int INITIAL_SLOTS = 16;

	private static final Connection[] NONE = {};

	/** Writes closer together than this are skipped: the monitor counts in probe timeouts. */
	private static final long ANSWER_RESOLUTION_NANOS = 1_000_000;

	private volatile long lastAnswer = NEVER;

	private volatile AtomicReferenceArray<Connection> slots = new AtomicReferenceArray<>(INITIAL_SLOTS);

	/** The connections {@link #abortAll} aborted whose holders have not left yet; written under this. */
	private volatile Connection[] aborted = NONE;

	/** Why the last abort happened: the probe's verdict on the node. */
	private volatile String abortReason;

	/**
	 * Records a connection taken for work on this node.
	 * @param connection the pool's connection
	 * @return its slot, for {@link #leave}
	 */
	public int enter(Connection connection) {
		while (true) {
			AtomicReferenceArray<Connection> current = this.slots;
			int length = current.length();
			// start where threads are unlikely to collide; the identity hash costs no allocation
			int start = (System.identityHashCode(connection) & 0x7fffffff) % length;
			for (int i = 0; i < length; i++) {
				int slot = (start + i) % length;
				if (current.get(slot) == null && current.compareAndSet(slot, null, connection)) {
					if (current == this.slots) {
						return slot;
					}
					// grown meanwhile: the copy may not hold this entry, so claim one in the new array
					current.compareAndSet(slot, connection, null);
					this.slots.compareAndSet(slot, connection, null);
					break;
				}
			}
			if (current == this.slots) {
				grow(current);
			}
		}
	}

	/**
	 * Forgets a connection given back or closed.
	 * @param slot the slot {@link #enter} returned
	 * @param connection the connection entered there
	 */
	public void leave(int slot, Connection connection) {
		AtomicReferenceArray<Connection> current = this.slots;
		if (slot < 0) {
			return;
		}
		if (slot < current.length() && current.compareAndSet(slot, connection, null)) {
			return;
		}
		// the array grew since: the entry was copied, find it
		for (int i = 0; i < current.length(); i++) {
			if (current.compareAndSet(i, connection, null)) {
				return;
			}
		}
		// not in a slot: aborted (which cleared its slot), so forget that too
		if (this.aborted.length != 0) {
			forgetAborted(connection);
		}
	}

	/**
	 * Returns why Tether aborted a connection, when it did: a failure of work on it is then the
	 * abort's doing. Only asked on a failure's path (and once before a commit on the primary): a
	 * volatile read and, after an abort, a scan of the connections aborted and not yet left.
	 * @param connection the pool's connection, as entered
	 * @return the probe's verdict on the node that made it abort the connection, or {@code null}
	 * when this registry did not abort it
	 */
	public String abortedBecause(Connection connection) {
		Connection[] current = this.aborted;
		for (Connection candidate : current) {
			if (candidate == connection) {
				return this.abortReason;
			}
		}
		return null;
	}

	/**
	 * Records that work on this node just completed (a commit or a rollback answered), so the
	 * node is alive. One clock read and, at most once a millisecond, one volatile write: no
	 * allocation, and no contended write per transaction.
	 */
	public void answered() {
		long now = System.nanoTime();
		long last = this.lastAnswer;
		if (last == NEVER || now - last >= ANSWER_RESOLUTION_NANOS) {
			this.lastAnswer = now;
		}
	}

	/**
	 * Forgets a connection given back or closed, looking for it where {@link #enter} began to look
	 * for a free slot (its identity hash, which costs no allocation): it is nearly always the first
	 * slot tried, so a holder need not keep the slot (the routing path's node record saves the
	 * field: one is made for every transaction).
	 * @param connection the connection entered
	 */
	public void leave(Connection connection) {
		AtomicReferenceArray<Connection> current = this.slots;
		int length = current.length();
		int start = (System.identityHashCode(connection) & 0x7fffffff) % length;
		for (int i = 0; i < length; i++) {
			int slot = (start + i) % length;
			if (current.get(slot) == connection && current.compareAndSet(slot, connection, null)) {
				return;
			}
		}
		// not in a slot: aborted (which cleared its slot), so forget that too
		if (this.aborted.length != 0) {
			forgetAborted(connection);
		}
	}

	/**
	 * Returns when work on this node last completed.
	 * @return a {@link System#nanoTime()} value, or {@link #NEVER}
	 */
	public long lastAnswerNanos() {
		return this.lastAnswer;
	}

	/**
	 * Returns how many connections are in flight now.
	 * @return the count
	 */
	public int count() {
		AtomicReferenceArray<Connection> current = this.slots;
		int count = 0;
		for (int i = 0; i < current.length(); i++) {
			if (current.get(i) != null) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Aborts every connection in flight: their threads' pending calls fail at once, and the pool
	 * discards them when they are closed. Each is remembered as aborted, with the reason, before
	 * it is aborted, so that the failure its thread sees at once can already be told apart.
	 * @param executor runs the drivers' abort work
	 * @param reason the probe's verdict on the node, for {@link #abortedBecause}
	 * @return how many were aborted
	 */
	int abortAll(Executor executor, String reason) {
		AtomicReferenceArray<Connection> current = this.slots;
		Connection[] taken = new Connection[current.length()];
		int count = 0;
		for (int i = 0; i < current.length(); i++) {
			Connection connection = current.get(i);
			if (connection != null) {
				taken[count++] = connection;
			}
		}
		if (count == 0) {
			return 0;
		}
		// remembered before their slots are cleared, so that a thread failing at the abort finds its
		// connection; one whose holder gives it back before its slot is cleared is forgotten below, one
		// given back after finds no slot and forgets it in leave()
		rememberAborted(taken, count, reason);
		int aborted = 0;
		for (int i = 0; i < count; i++) {
			Connection connection = taken[i];
			if (!clear(this.slots, connection)) {
				// given back meanwhile: not aborted, and nothing to remember
				forgetAborted(connection);
				continue;
			}
			try {
				connection.abort(executor);
				aborted++;
			}
			catch (SQLException | RuntimeException ex) {
				// already closed, or a driver without abort: its thread ends with its socket timeout
			}
		}
		return aborted;
	}

	/** Clears the slot that holds a connection; {@code false} when its holder left first. */
	private static boolean clear(AtomicReferenceArray<Connection> slots, Connection connection) {
		for (int i = 0; i < slots.length(); i++) {
			if (slots.get(i) == connection && slots.compareAndSet(i, connection, null)) {
				return true;
			}
		}
		return false;
	}

	private synchronized void rememberAborted(Connection[] taken, int count, String reason) {
		Connection[] previous = this.aborted;
		Connection[] all = Arrays.copyOf(previous, previous.length + count);
		System.arraycopy(taken, 0, all, previous.length, count);
		this.abortReason = reason;
		this.aborted = all;
	}

	private synchronized void forgetAborted(Connection connection) {
		Connection[] previous = this.aborted;
		for (int i = 0; i < previous.length; i++) {
			if (previous[i] == connection) {
				Connection[] rest = new Connection[previous.length - 1];
				System.arraycopy(previous, 0, rest, 0, i);
				System.arraycopy(previous, i + 1, rest, i, previous.length - i - 1);
				this.aborted = (rest.length == 0) ? NONE : rest;
				return;
			}
		}
	}

	private synchronized void grow(AtomicReferenceArray<Connection> seen) {
		if (seen != this.slots) {
			return;
		}
		AtomicReferenceArray<Connection> larger = new AtomicReferenceArray<>(seen.length() * 2);
		for (int i = 0; i < seen.length(); i++) {
			larger.set(i, seen.get(i));
		}
		this.slots = larger;
	}

}
