package dev.tether.test.mysql;

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
 * The shared MySQL 8 primary and replica, as the application user sees them through MySQL's own
 * driver: what the routing tests rely on, and the behaviour of a read-only replica that makes
 * routing matter.
 */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlReplicationTests {

	@Test
	void eachNodeTellsItsServerIdAndWhetherItIsReadOnly(EmbeddedReplicatedMySql mysql) throws SQLException {
		assertThat(MySqlJdbc.queryString(mysql, mysql.primary(), "SELECT @@server_id")).isEqualTo("1");
		assertThat(MySqlJdbc.queryString(mysql, mysql.primary(), "SELECT @@read_only")).isEqualTo("0");
		assertThat(MySqlJdbc.queryString(mysql, mysql.replica(0), "SELECT @@server_id")).isEqualTo("2");
		assertThat(MySqlJdbc.queryString(mysql, mysql.replica(0), "SELECT @@read_only")).isEqualTo("1");
		assertThat(MySqlJdbc.queryString(mysql, mysql.replica(0), "SELECT @@super_read_only")).isEqualTo("1");
		assertThat(MySqlJdbc.queryString(mysql, mysql.primary(), "SELECT VERSION()")).startsWith("8.0.31");
		assertThat(mysql.replica(0).serverId()).isEqualTo(2);
	}

	@Test
	void eachNodeHasAServerUuidOfItsOwn(EmbeddedReplicatedMySql mysql) {
		// a replica with its source's UUID would be refused; the copy of the data directory leaves auto.cnf out
		assertThat(mysql.replica(0).serverUuid()).isNotEqualTo(mysql.primary().serverUuid());
	}

	@Test
	void writesOnThePrimaryReachTheReplicaWithThePrimarysGtids(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = MySqlJdbc.createTable(mysql);
		String id = MySqlJdbc.insertRow(mysql, table);
		String executed = mysql.primary().gtidExecuted();
		assertThat(executed).matches(mysql.primary().serverUuid() + ":1-\\d+");
		mysql.replica(0).awaitGtid(executed, Duration.ofSeconds(10));
		assertThat(MySqlJdbc.rowVisible(mysql, mysql.replica(0), table, id)).isTrue();
		assertThat(mysql.replica(0).gtidExecuted()).as("only the primary's transactions, none of its own")
			.isEqualTo(executed);
	}

	@Test
	void theApplicationUserIsNoAdministratorSoReadOnlyBindsIt(EmbeddedReplicatedMySql mysql) throws SQLException {
		List<String> grants = new ArrayList<>();
		try (Connection connection = MySqlJdbc.connect(mysql, mysql.replica(0));
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW GRANTS")) {
			while (result.next()) {
				grants.add(result.getString(1));
			}
		}
		assertThat(String.join("\n", grants)).contains("REPLICATION CLIENT")
			.doesNotContain("SUPER", "CONNECTION_ADMIN", "ALL PRIVILEGES ON *.*");
	}

	@Test
	void theReplicaRefusesWritesAndForUpdateWithError1290(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = MySqlJdbc.createTable(mysql);
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		try (Connection connection = MySqlJdbc.connect(mysql, mysql.replica(0));
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeUpdate("INSERT INTO " + table + " (id) VALUES ('x')"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1290))
				.withMessageContaining("--read-only");
			connection.setAutoCommit(false);
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeQuery("SELECT id FROM " + table + " FOR UPDATE"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1290));
			connection.rollback();
		}
	}

	@Test
	void aReadOnlyTransactionOnThePrimaryRefusesWritesWithError1792(EmbeddedReplicatedMySql mysql) throws SQLException {
		String table = MySqlJdbc.createTable(mysql);
		try (Connection connection = MySqlJdbc.connect(mysql, mysql.primary());
				Statement statement = connection.createStatement()) {
			// In SQL: after Connection.setReadOnly(true), MySQL's driver refuses the write itself
			// (error code 0) before the server can
			statement.execute("START TRANSACTION READ ONLY");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeUpdate("INSERT INTO " + table + " (id) VALUES ('x')"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1792))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25006"));
			statement.execute("ROLLBACK");
		}
	}

	@Test
	void sharedLocksAndNamedLocksSucceedSilentlyOnTheReplica(EmbeddedReplicatedMySql mysql) throws SQLException {
		// Why routing must keep locking reads off replicas: these locks are taken on the replica
		// only, and no error tells.
		String table = MySqlJdbc.createTable(mysql);
		String id = MySqlJdbc.insertRow(mysql, table);
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		try (Connection connection = MySqlJdbc.connect(mysql, mysql.replica(0));
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			try (ResultSet result = statement.executeQuery("SELECT GET_LOCK('tether-test', 0)")) {
				result.next();
				assertThat(result.getInt(1)).isEqualTo(1);
			}
			connection.rollback();
		}
	}

}
