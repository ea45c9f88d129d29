package dev.tether.test.mariadb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shared MariaDB primary and replica, as the application user sees them: what the routing
 * tests rely on, and the behaviour of a read-only replica that makes routing matter.
 */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbReplicationTests {

	@Test
	void eachNodeTellsItsServerIdAndWhetherItIsReadOnly(EmbeddedReplicatedMariaDb mariadb) throws SQLException {
		assertThat(AppJdbc.queryString(mariadb, mariadb.primary(), "SELECT @@server_id")).isEqualTo("1");
		assertThat(AppJdbc.queryString(mariadb, mariadb.primary(), "SELECT @@read_only")).isEqualTo("0");
		assertThat(AppJdbc.queryString(mariadb, mariadb.replica(0), "SELECT @@server_id")).isEqualTo("2");
		assertThat(AppJdbc.queryString(mariadb, mariadb.replica(0), "SELECT @@read_only")).isEqualTo("1");
		assertThat(mariadb.replica(0).serverId()).isEqualTo(2);
	}

	@Test
	void writesOnThePrimaryReachTheReplicaWithTheSameGtidPosition(EmbeddedReplicatedMariaDb mariadb)
			throws SQLException {
		String table = AppJdbc.createTable(mariadb);
		String id = AppJdbc.insertRow(mariadb, table);
		String position = mariadb.primary().gtidBinlogPos();
		assertThat(position).matches("0-1-\\d+");
		mariadb.replica(0).awaitGtid(position, Duration.ofSeconds(10));
		assertThat(AppJdbc.rowVisible(mariadb, mariadb.replica(0), table, id)).isTrue();
		assertThat(mariadb.replica(0).gtidSlavePos()).isEqualTo(position);
		assertThat(mariadb.replica(0).gtidBinlogPos()).as("log_slave_updates keeps the primary's GTIDs")
			.isEqualTo(position);
	}

	@Test
	void theApplicationUserIsNoAdministratorSoReadOnlyBindsIt(EmbeddedReplicatedMariaDb mariadb) throws SQLException {
		List<String> grants = new ArrayList<>();
		try (Connection connection = AppJdbc.connect(mariadb, mariadb.replica(0));
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW GRANTS")) {
			while (result.next()) {
				grants.add(result.getString(1));
			}
		}
		assertThat(String.join("\n", grants)).doesNotContain("SUPER", "READ_ONLY ADMIN", "ALL PRIVILEGES ON *.*");
	}

	@Test
	void theReplicaRefusesWritesWithError1290(EmbeddedReplicatedMariaDb mariadb) throws SQLException {
		String table = AppJdbc.createTable(mariadb);
		mariadb.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		try (Connection connection = AppJdbc.connect(mariadb, mariadb.replica(0));
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeUpdate("INSERT INTO " + table + " (id) VALUES ('x')"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1290))
				.withMessageContaining("--read-only");
		}
	}

	@Test
	void lockInShareModeAndNamedLocksSucceedSilentlyOnTheReplica(EmbeddedReplicatedMariaDb mariadb)
			throws SQLException {
		// Why routing must keep locking reads off replicas: these locks are taken on the replica
		// only, and no error tells. (FOR UPDATE is refused there with 1290 by this MariaDB.)
		String table = AppJdbc.createTable(mariadb);
		String id = AppJdbc.insertRow(mariadb, table);
		mariadb.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		try (Connection connection = AppJdbc.connect(mariadb, mariadb.replica(0));
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			try (ResultSet result = statement
				.executeQuery("SELECT id FROM " + table + " WHERE id = '" + id + "' LOCK IN SHARE MODE")) {
				assertThat(result.next()).isTrue();
			}
			try (ResultSet result = statement.executeQuery("SELECT GET_LOCK('tether-test', 0)")) {
				result.next();
				assertThat(result.getInt(1)).isEqualTo(1);
			}
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeQuery("SELECT id FROM " + table + " FOR UPDATE"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1290));
			connection.rollback();
		}
	}

}
