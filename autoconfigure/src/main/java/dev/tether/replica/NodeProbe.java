package dev.tether.replica;

import java.util.concurrent.Future;

/**
 * One node as the monitor's probe rounds see it: its probe in flight, and since when the node has
 * been silent (a probe started and nothing answered since, neither that probe nor work on the
 * node). The node is due DOWN once the silence has lasted its number of probe timeouts.
 * <p>
 * A probe that is still unanswered counts as one miss per probe timeout it outlives, and no second
 * probe is sent while it is outstanding (a hung node would pile up connections); a probe that
 * failed by timing out leaves the silence running, so the next one continues the streak.
 */
final class NodeProbe {

	/**
	 * How many probe timeouts a node that has never answered (UNKNOWN) gets for its first answer:
	 * the first probe opens the probe's connection and detects the dialect, which on a loaded
	 * machine takes longer than a probe, and calling the primary DOWN at startup would refuse the
	 * first writes.
	 */
	static final int FIRST_ANSWER_TIMEOUTS = 10;

	final ReplicaHealth health;

	final boolean primary;

	private final int misses;

	/** The probe in flight or last run; touched only by the probe thread. */
	private Future<?> pending;

	/** Whether the node has been silent since {@link #silentSince}; cleared by an answer. */
	private volatile boolean silent;

	private volatile long silentSince;

	NodeProbe(ReplicaHealth health, boolean primary, int misses) {
		this.health = health;
		this.primary = primary;
		this.misses = misses;
	}

	/** Whether no probe of this node is in flight, so a new one may start. */
	boolean idle() {
		return this.pending == null || this.pending.isDone();
	}

	Future<?> pending() {
		return this.pending;
	}

	/** A probe started now: the node is silent from now on, unless it already was. */
	void started(Future<?> probe, long now) {
		this.pending = probe;
		if (!this.silent) {
			this.silentSince = now;
			this.silent = true;
		}
	}

	/** The node answered a probe: the streak of misses ends. Called by the probe's worker. */
	void answered() {
		this.silent = false;
	}

	/** How many probe timeouts in a row make this node DOWN now: more for a first answer. */
	int requiredMisses() {
		return (this.health.state() == ReplicaState.UNKNOWN) ? Math.max(this.misses, FIRST_ANSWER_TIMEOUTS)
				: this.misses;
	}

	/**
	 * Returns when the node turns DOWN if nothing answers before: the start of its silence, moved
	 * to the last work that completed on it when that is later, plus its misses' worth of probe
	 * timeouts. Work that answered proves the node alive even when the probe is slow (a loaded
	 * machine schedules the probe late; it does not stop every commit).
	 * @param timeoutNanos the probe timeout
	 * @return the time, in {@link System#nanoTime()} terms; meaningless when the node is not silent
	 */
	long downAt(long timeoutNanos) {
		long since = this.silentSince;
		long work = this.health.inFlight().lastAnswerNanos();
		if (work != InFlightConnections.NEVER && work - since > 0) {
			since = work;
		}
		return since + requiredMisses() * timeoutNanos;
	}

	/** Whether the node is silent and its silence has lasted its misses' worth of probe timeouts. */
	boolean due(long now, long timeoutNanos) {
		return this.silent && now - downAt(timeoutNanos) >= 0;
	}

}
