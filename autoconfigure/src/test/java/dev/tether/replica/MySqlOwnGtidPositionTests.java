package dev.tether.replica;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GTIDs a MySQL commit's answer names, as a position of the primary's source: pure logic (the
 * driver and the server are proven in {@code dev.tether.mysql.MySqlOwnGtidTests}).
 */
class MySqlOwnGtidPositionTests {

	private static final String SOURCE = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

	private static final String OTHER = "2174b383-5441-11e8-b90a-c80aa9429562";

	@Test
	void theOneGtidOfThePrimarysSourceIsItsPosition() {
		assertThat(MySqlOwnGtid.position(SOURCE + ":23", SOURCE)).isEqualTo(23);
		assertThat(MySqlOwnGtid.position(SOURCE.toUpperCase() + ":23", SOURCE)).as("case").isEqualTo(23);
		assertThat(MySqlOwnGtid.position(SOURCE + ":23\n", SOURCE)).isEqualTo(23);
	}

	@Test
	void severalGtidsOfTheSourceGiveTheHighestWhichAGapFreePrefixCoversWithTheOthers() {
		assertThat(MySqlOwnGtid.position(SOURCE + ":21-23", SOURCE)).isEqualTo(23);
		assertThat(MySqlOwnGtid.position(SOURCE + ":21:23", SOURCE)).isEqualTo(23);
		assertThat(MySqlOwnGtid.position(SOURCE + ":30:21-23", SOURCE)).isEqualTo(30);
	}

	@Test
	void anythingElseIsNoPosition() {
		assertThat(MySqlOwnGtid.position(null, SOURCE)).as("no GTID").isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
		assertThat(MySqlOwnGtid.position("", SOURCE)).isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
		assertThat(MySqlOwnGtid.position(OTHER + ":23", SOURCE)).as("another source")
			.isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
		assertThat(MySqlOwnGtid.position(SOURCE + ":23," + OTHER + ":4", SOURCE)).as("several sources")
			.isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
		assertThat(MySqlOwnGtid.position(SOURCE + ":tag1:23", SOURCE)).as("a tagged GTID, a source of its own")
			.isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
		assertThat(MySqlOwnGtid.position(SOURCE + ":", SOURCE)).isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
		assertThat(MySqlOwnGtid.position(SOURCE + ":5-", SOURCE)).isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
		assertThat(MySqlOwnGtid.position(SOURCE + ":23", null)).as("source not known yet")
			.isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
	}

}
