package dev.tether.replica;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hold on a node's health, pure logic: what the probe finds does not readmit a held node, and
 * only the hold's own release ends it. (On a real replica, with the probe running:
 * {@code PoisonedReplicaPoolTests}.)
 */
class ReplicaHoldTests {

	@Test
	void aHeldNodeStaysDownWhateverIsFoundUntilItsOwnHoldIsReleased() {
		ReplicaHealth health = new ReplicaHealth("replica-1");
		health.update(ReplicaState.UP, 0, null);
		health.holdDown("its pool is being replaced");
		assertThat(health.update(ReplicaState.UP, 0, null)).as("the previous state").isEqualTo(ReplicaState.UP);
		assertThat(health.status().state()).isEqualTo(ReplicaState.DOWN);
		assertThat(health.status().problem()).isEqualTo("its pool is being replaced");

		assertThat(health.release("another hold")).as("not this hold").isFalse();
		health.update(ReplicaState.UP, 0, null);
		assertThat(health.status().state()).isEqualTo(ReplicaState.DOWN);

		assertThat(health.release("its pool is being replaced")).isTrue();
		assertThat(health.heldDown()).isNull();
		assertThat(health.status().state()).as("down until the probe finds it again").isEqualTo(ReplicaState.DOWN);
		health.update(ReplicaState.UP, 0, null);
		assertThat(health.status().state()).isEqualTo(ReplicaState.UP);
		assertThat(health.status().problem()).isNull();
		assertThat(health.release("its pool is being replaced")).as("released once").isFalse();
	}

}
