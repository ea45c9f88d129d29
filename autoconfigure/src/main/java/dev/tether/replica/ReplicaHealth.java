package dev.tether.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live health of one replica. Written by the background probe and by the routing path (a
 * failed connection marks it down at once, a causal check raises its known position); read on the
 * routing path of every read-only transaction, so reads are plain volatile loads.
 */
public final class ReplicaHealth {

	private final String name;

	private volatile ReplicaState state = ReplicaState.UNKNOWN;

	/** Replay lag in nanoseconds, -1 when unknown. */
	private volatile long lagNanos = -1;

	private final AtomicLong replayPosition = new AtomicLong(-1);

	/**
	 * Whether this replica's replay positions compare with the primary's: not when it is known to
	 * be on another timeline, or its timeline is unknown after the primary's changed.
	 */
	private volatile boolean positionsComparable = true;

	private volatile Instant checkedAt;

	private volatile String problem;

	/** Why the node stays DOWN whatever its probe finds, {@code null} while it may be readmitted. */
	private volatile String heldDown;

	private final InFlightConnections inFlight = new InFlightConnections();

	/** Turns to DOWN since startup; written only on a change of state. */
	private final AtomicLong timesDown = new AtomicLong();

	ReplicaHealth(String name) {
		this.name = name;
	}

	/**
	 * Returns the replica's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the connections the routing path holds on this node, aborted when it turns down.
	 * @return the registry
	 */
	public InFlightConnections inFlight() {
		return this.inFlight;
	}

	/**
	 * Returns how many times this node turned DOWN since startup: a node that flaps shows it here
	 * even when it is UP again by the time anyone looks.
	 * @return the count
	 */
	public long timesDown() {
		return this.timesDown.get();
	}

	/**
	 * Returns the replica's state.
	 * @return the state
	 */
	public ReplicaState state() {
		return this.state;
	}

	/**
	 * Whether a read that tolerates the given lag may go to this replica.
	 * @param maxLagNanos the lag the read tolerates
	 * @return {@code true} when the replica is up (or not probed yet) and not known to lag more
	 */
	public boolean acceptsReads(long maxLagNanos) {
		ReplicaState current = this.state;
		if (current == ReplicaState.DOWN) {
			return false;
		}
		long lag = this.lagNanos;
		return lag <= maxLagNanos || (lag < 0 && current != ReplicaState.LAGGING);
	}

	/**
	 * Returns the highest replication position this replica is known to have replayed.
	 * @return the position, or {@code -1} when unknown
	 */
	public long replayPosition() {
		return this.replayPosition.get();
	}

	/**
	 * Records a replay position learned on the routing path (a causal check); positions only grow.
	 * @param position the replayed position
	 */
	public void observeReplayPosition(long position) {
		this.replayPosition.accumulateAndGet(position, Math::max);
	}

	/**
	 * Forgets the known replay position and says whether new ones compare with the primary's: a
	 * timeline change of the primary (the positions remembered name another history), or a probe
	 * that found the replica on another timeline.
	 * @param comparable whether its positions compare with the primary's
	 */
	void positionsComparable(boolean comparable) {
		if (!comparable) {
			this.replayPosition.set(-1);
		}
		this.positionsComparable = comparable;
	}

	/** Forgets the known replay position: the primary's timeline changed. */
	void forgetReplayPosition() {
		this.replayPosition.set(-1);
	}

	/**
	 * Whether this replica's replay positions compare with the primary's (the same timeline), so a
	 * causal read may wait for it.
	 * @return {@code false} while it is on another timeline, or on an unknown one after a change
	 */
	public boolean positionsComparable() {
		return this.positionsComparable;
	}

	/**
	 * Returns a snapshot for endpoints and logs.
	 * @return the status
	 */
	public ReplicaStatus status() {
		long lag = this.lagNanos;
		return new ReplicaStatus(this.name, this.state, (lag >= 0) ? Duration.ofNanos(lag) : null,
				this.replayPosition.get(), this.checkedAt, this.problem);
	}

	/** Keeps the node DOWN from now on, whatever its probe finds, with this problem. */
	synchronized void holdDown(String problem) {
		this.heldDown = problem;
	}

	/**
	 * Why the node is held DOWN whatever its probe finds.
	 * @return the problem, {@code null} while it may be readmitted
	 */
	String heldDown() {
		return this.heldDown;
	}

	/**
	 * Ends a hold with this problem (not another one), so that the probe may readmit the node.
	 * @return whether the node was held with it
	 */
	synchronized boolean release(String problem) {
		if (problem.equals(this.heldDown)) {
			this.heldDown = null;
			return true;
		}
		return false;
	}

	/**
	 * Sets the state (DOWN, with the held problem, once the node is held down); returns the
	 * previous one so the caller can log a change once.
	 */
	ReplicaState update(ReplicaState state, long lagNanos, String problem) {
		String held = this.heldDown;
		if (held != null) {
			// a node that cannot serve until the application restarts: no probe readmits it
			state = ReplicaState.DOWN;
			problem = held;
		}
		ReplicaState previous = this.state;
		if (state == ReplicaState.DOWN && previous != ReplicaState.DOWN) {
			this.timesDown.incrementAndGet();
		}
		this.lagNanos = lagNanos;
		this.problem = problem;
		this.checkedAt = Instant.now();
		this.state = state;
		return previous;
	}

}
