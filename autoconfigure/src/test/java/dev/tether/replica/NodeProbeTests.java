package dev.tether.replica;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a silent node is due DOWN: probe timeouts in a row, moved by work that completed. Pure logic. */
class NodeProbeTests {

	private static final long TIMEOUT = 400_000_000L;

	private final ReplicaHealth health = new ReplicaHealth("replica-1");

	private final NodeProbe node = new NodeProbe(this.health, false, 2);

	@Test
	void aSilentNodeIsDueAfterItsMissesWorthOfProbeTimeouts() {
		this.health.update(ReplicaState.UP, 0, null);
		long start = System.nanoTime();
		this.node.started(new CompletableFuture<>(), start);
		assertThat(this.node.due(start + TIMEOUT, TIMEOUT)).as("one miss").isFalse();
		assertThat(this.node.due(start + 2 * TIMEOUT, TIMEOUT)).as("two misses").isTrue();
	}

	@Test
	void aProbeThatTimedOutLeavesTheSilenceRunningIntoTheNextProbe() {
		this.health.update(ReplicaState.UP, 0, null);
		long start = System.nanoTime();
		this.node.started(CompletableFuture.failedFuture(new java.sql.SQLTimeoutException()), start);
		this.node.started(new CompletableFuture<>(), start + TIMEOUT + 1);
		assertThat(this.node.downAt(TIMEOUT)).isEqualTo(start + 2 * TIMEOUT);
	}

	@Test
	void oneAnswerEndsTheStreak() {
		this.health.update(ReplicaState.UP, 0, null);
		long start = System.nanoTime();
		this.node.started(new CompletableFuture<>(), start);
		this.node.answered();
		assertThat(this.node.due(start + 10 * TIMEOUT, TIMEOUT)).isFalse();
		this.node.started(new CompletableFuture<>(), start + 10 * TIMEOUT);
		assertThat(this.node.downAt(TIMEOUT)).isEqualTo(start + 12 * TIMEOUT);
	}

	@Test
	void workThatCompletedOnTheNodeProvesItAliveWhileItsProbeIsSlow() {
		this.health.update(ReplicaState.UP, 0, null);
		long start = System.nanoTime() - 3 * TIMEOUT;
		this.node.started(new CompletableFuture<>(), start);
		this.health.inFlight().answered();
		long now = System.nanoTime();
		assertThat(this.node.due(now, TIMEOUT)).isFalse();
		assertThat(this.node.downAt(TIMEOUT)).isGreaterThanOrEqualTo(now - 1_000_000 + 2 * TIMEOUT);
	}

	@Test
	void aNodeThatNeverAnsweredGetsTenProbeTimeoutsForItsFirstAnswer() {
		long start = System.nanoTime();
		this.node.started(new CompletableFuture<>(), start);
		assertThat(this.node.requiredMisses()).isEqualTo(NodeProbe.FIRST_ANSWER_TIMEOUTS);
		assertThat(this.node.due(start + 9 * TIMEOUT, TIMEOUT)).isFalse();
		assertThat(this.node.due(start + 10 * TIMEOUT, TIMEOUT)).isTrue();
	}

	@Test
	void theSilenceOfANodeStartsAtItsProbeNotAtItsLastAnswer() {
		this.health.update(ReplicaState.UP, 0, null);
		this.health.inFlight().answered();
		long start = System.nanoTime() + 5 * TIMEOUT;
		this.node.started(new CompletableFuture<>(), start);
		assertThat(this.node.downAt(TIMEOUT)).isEqualTo(start + 2 * TIMEOUT);
	}

}
