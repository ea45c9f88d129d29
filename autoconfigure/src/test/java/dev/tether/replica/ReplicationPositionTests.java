package dev.tether.replica;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationPositionTests {

	@Test
	void aPositionIsReplayedByAReplicaThatReachedIt() {
		ReplicationPosition position = ReplicationPosition.of(100);
		assertThat(position.isKnown()).isTrue();
		assertThat(position.isReplayedBy(100)).isTrue();
		assertThat(position.isReplayedBy(99)).isFalse();
		assertThat(position.isReplayedBy(-1)).as("a replica whose position is unknown").isFalse();
		assertThat(position.value()).isEqualTo(100);
	}

	@Test
	void noRequirementAndPositionsThatDoNotCompareAreNeverMistakenForEachOther() {
		assertThat(ReplicationPosition.NONE).isNotEqualTo(ReplicationPosition.UNKNOWN);
		assertThat(ReplicationPosition.of(ReplicationProbe.UNKNOWN_POSITION)).isSameAs(ReplicationPosition.UNKNOWN);
		assertThat(ReplicationPosition.NONE.isKnown()).isFalse();
		assertThat(ReplicationPosition.UNKNOWN.isKnown()).isFalse();
		assertThat(ReplicationPosition.NONE.isReplayedBy(-1)).isTrue();
		assertThat(ReplicationPosition.UNKNOWN.isReplayedBy(-1)).isTrue();
		assertThat(ReplicationPosition.NONE.value()).isEqualTo(-1);
		assertThat(ReplicationPosition.UNKNOWN.value()).isEqualTo(-1);
		assertThat(ReplicationPosition.NONE).hasToString("NONE");
		assertThat(ReplicationPosition.UNKNOWN).hasToString("UNKNOWN");
	}

}
