package dev.tether.replica;

import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The pure logic of MariaDB GTID positions; the probe itself is proven on a real MariaDB. */
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

}
