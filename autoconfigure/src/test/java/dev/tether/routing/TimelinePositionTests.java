package dev.tether.routing;

import dev.tether.replica.ReplicationPosition;
import dev.tether.replica.ReplicationProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Positions and timelines, as pure logic: a position of a newer timeline replaces one of an older
 * timeline whatever the LSNs (the new history forked below both), tokens carry the timeline and
 * tokens without one still parse. The behaviour across a real failover is RoleChangeTests'.
 */
class TimelinePositionTests {

	@Test
	void aPositionOfAnOlderTimelineIsNotComparedWithTheCurrentOne() {
		ReplicationPosition position = ReplicationPosition.of(1, 5000);
		assertThat(position.timeline()).isEqualTo(1);
		assertThat(position.isOfOlderTimeline(2)).isTrue();
		assertThat(position.isOfOlderTimeline(1)).isFalse();
		assertThat(position.isOfOlderTimeline(ReplicationProbe.NO_TIMELINE)).as("current timeline unknown").isFalse();
		assertThat(ReplicationPosition.of(5000).isOfOlderTimeline(2)).as("a position without timeline").isFalse();
		assertThat(ReplicationPosition.NONE.isOfOlderTimeline(2)).isFalse();
		assertThat(position).hasToString("1/5000").isNotEqualTo(ReplicationPosition.of(2, 5000));
		assertThat(ReplicationPosition.of(5000)).hasToString("5000");
	}

	@Test
	void aSessionsWriteOnANewTimelineReplacesItsPositionOfTheOldOneEvenAtALowerLsn() {
		CausalSession session = new CausalSession();
		session.resolve(null, 5000, 1, 1);
		assertThat(session.position(null)).isEqualTo(ReplicationPosition.of(1, 5000));
		session.resolve(null, 4000, 2, 2);
		assertThat(session.position(null)).isEqualTo(ReplicationPosition.of(2, 4000));
		session.resolve(null, 9000, 1, 3);
		assertThat(session.position(null)).as("an older timeline's position is ignored").isEqualTo(ReplicationPosition.of(2, 4000));
		session.resolve(null, 4500, 2, 4);
		assertThat(session.position(null)).isEqualTo(ReplicationPosition.of(2, 4500));
	}

	@Test
	void aCarriedTokenOfAnOlderTimelineDoesNotRaiseAPositionOfANewerOne() {
		CausalSession session = new CausalSession();
		session.resolve(null, 4000, 2, 1);
		session.require(9000, 1);
		assertThat(session.position(null)).isEqualTo(ReplicationPosition.of(2, 4000));
		session.require(4200, ReplicationProbe.NO_TIMELINE);
		assertThat(session.position(null)).as("a token without timeline compares as the current one")
			.isEqualTo(ReplicationPosition.of(2, 4200));
	}

	@Test
	void tokensCarryTheTimelineAndTokensWithoutOneStillParse() {
		assertThat(CausalTokens.parse("2.1.2a")).isEqualTo(0x2a);
		assertThat(CausalTokens.timeline("2.1.2a")).isEqualTo(1);
		assertThat(CausalTokens.timeline("2.ff.2a")).isEqualTo(255);
		assertThat(CausalTokens.parse("1.2a")).as("a token of an earlier version").isEqualTo(0x2a);
		assertThat(CausalTokens.timeline("1.2a")).isEqualTo(ReplicationProbe.NO_TIMELINE);
		assertThat(CausalTokens.parse("2.0.2a")).as("timeline 0 is none").isEqualTo(-1);
		assertThat(CausalTokens.parse("2.1")).isEqualTo(-1);
		assertThat(CausalTokens.parse("2.123456789.2a")).as("more than 8 hex digits").isEqualTo(-1);
		assertThat(CausalTokens.parse("2.-1.2a")).isEqualTo(-1);
		assertThat(CausalTokens.parse("2.1.")).isEqualTo(-1);
		assertThat(CausalTokens.parse("2.1.12345678901234567")).isEqualTo(-1);
		assertThat(CausalTokens.parse("3.1.2a")).isEqualTo(-1);
	}

}
