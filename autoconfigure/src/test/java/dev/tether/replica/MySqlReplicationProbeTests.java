package dev.tether.replica;

import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The pure logic of GTID positions: MariaDB GTID lists (the probe itself is proven on a real
 * MariaDB) and MySQL GTID sets (no MySQL server is available to these tests).
 */
class MySqlReplicationProbeTests {

	@Test
	void aGtidListGivesTheSequenceNumberOfEachDomain() throws SQLException {
		assertThat(MySqlReplicationProbe.parse("0-1-42")).containsExactly(Map.entry(0L, 42L));
		assertThat(MySqlReplicationProbe.parse("0-1-42,1-7-5")).containsExactly(Map.entry(0L, 42L), Map.entry(1L, 5L));
		assertThat(MySqlReplicationProbe.parse("0-1-42,\n1-7-5")).containsEntry(1L, 5L);
		assertThat(MySqlReplicationProbe.parse("")).isEmpty();
		assertThat(MySqlReplicationProbe.parse(null)).isEmpty();
	}

	@Test
	void somethingElseIsAnErrorNotAPosition() {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> MySqlReplicationProbe.parse("0-42"))
			.withMessageContaining("Not a MariaDB GTID: '0-42'");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> MySqlReplicationProbe.parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5"));
	}

	@Test
	void aReplicaPositionIsTheSequenceNumberOfThePrimarysDomain() throws SQLException {
		assertThat(MySqlReplicationProbe.position(MySqlReplicationProbe.parse("0-1-42,1-7-5"), 1)).isEqualTo(5);
		assertThat(MySqlReplicationProbe.position(MySqlReplicationProbe.parse("1-7-5"), 0))
			.as("nothing of the primary's domain replayed yet").isZero();
		assertThat(MySqlReplicationProbe.position(MySqlReplicationProbe.parse("0-1-42"), -1))
			.as("the primary's domain not known yet: the only one").isEqualTo(42);
		assertThat(MySqlReplicationProbe.position(MySqlReplicationProbe.parse("0-1-42,1-7-5"), -1))
			.isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
	}

	private static final String A = "3E11FA47-71CA-11E1-9E33-C80AA9429562";

	private static final String B = "2174b383-5441-11e8-b90a-c80aa9429562";

	@Test
	void aMySqlPrimaryPositionIsItsSourcesHighestTransaction() throws SQLException {
		MySqlGtidSet set = MySqlGtidSet.parse(A + ":1-5:11-18");
		assertThat(set.sources()).containsExactly(A.toLowerCase());
		assertThat(set.highest(A.toLowerCase())).isEqualTo(18);
		assertThat(set.highest(B)).isZero();
		assertThat(MySqlGtidSet.parse(A + ":1-5,\n" + B + ":1-3").sources()).hasSize(2);
		assertThat(MySqlGtidSet.parse(A + ":1-5:tag1:1-2").sources()).as("a tag is a source of its own")
			.containsExactly(A.toLowerCase(), A.toLowerCase() + ":tag1");
		assertThat(MySqlGtidSet.parse("").sources()).isEmpty();
	}

	@Test
	void aMySqlReplicaPositionIsTheGapFreePrefixOfThePrimarysSource() throws SQLException {
		String a = A.toLowerCase();
		assertThat(MySqlReplicationProbe.mysqlReplayPosition(MySqlGtidSet.parse(A + ":1-100"), a)).isEqualTo(100);
		assertThat(MySqlReplicationProbe.mysqlReplayPosition(MySqlGtidSet.parse(A + ":1-98:100"), a))
			.as("99 not applied yet by a parallel applier").isEqualTo(98);
		assertThat(MySqlReplicationProbe.mysqlReplayPosition(MySqlGtidSet.parse(A + ":99-100:1-98"), a))
			.as("intervals in any order").isEqualTo(100);
		assertThat(MySqlReplicationProbe.mysqlReplayPosition(MySqlGtidSet.parse(B + ":1-7"), a))
			.as("none of the primary's transactions").isZero();
		assertThat(MySqlReplicationProbe.mysqlReplayPosition(MySqlGtidSet.parse(A + ":1-9"), null))
			.as("source not known yet: the only one").isEqualTo(9);
		assertThat(MySqlReplicationProbe.mysqlReplayPosition(MySqlGtidSet.parse(A + ":1-9," + B + ":1-2"), null))
			.isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
	}

	@Test
	void somethingElseIsNotAMySqlGtidSet() {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> MySqlGtidSet.parse("0-1-42"));
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> MySqlGtidSet.parse(A + ":5-1"));
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> MySqlGtidSet.parse(A + ":0"));
	}

}
