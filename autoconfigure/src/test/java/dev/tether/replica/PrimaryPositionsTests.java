package dev.tether.replica;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lag bound from the primary's remembered positions. */
class PrimaryPositionsTests {

	@Test
	void theBoundIsTheTimeSinceTheNewestPositionTheReplicaHasReplayed() {
		PrimaryPositions positions = new PrimaryPositions();
		positions.record(100, 1_000);
		positions.record(200, 2_000);
		positions.record(300, 3_000);

		assertThat(positions.lagBound(300, 3_500)).isEqualTo(500);
		assertThat(positions.lagBound(250, 3_500)).isEqualTo(1_500);
		assertThat(positions.lagBound(100, 3_500)).isEqualTo(2_500);
		assertThat(positions.lagBound(99, 3_500)).as("replayed none of them: unknown").isEqualTo(-1);
	}

	@Test
	void onlyTheLatestRoundsAreRemembered() {
		PrimaryPositions positions = new PrimaryPositions();
		for (int round = 1; round <= 100; round++) {
			positions.record(round * 10L, round * 1_000L);
		}
		assertThat(positions.lagBound(1_000, 100_000)).isZero();
		assertThat(positions.lagBound(370, 100_000)).isEqualTo(63_000);
		assertThat(positions.lagBound(360, 100_000)).as("older than the 64 remembered rounds").isEqualTo(-1);
	}

	@Test
	void aReplicaBehindEveryRememberedPositionIsAtLeastAsFarBehindAsTheOldest() {
		PrimaryPositions positions = new PrimaryPositions();
		assertThat(positions.sinceOldest(5_000)).isEqualTo(-1);
		positions.record(100, 1_000);
		positions.record(200, 2_000);
		assertThat(positions.sinceOldest(5_000)).isEqualTo(4_000);
		for (int round = 3; round <= 100; round++) {
			positions.record(round * 100L, round * 1_000L);
		}
		assertThat(positions.sinceOldest(100_000)).as("the oldest of the 64 remembered rounds: round 37").isEqualTo(63_000);
	}

}
