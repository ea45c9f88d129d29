package dev.tether.test.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(ReplicatedPostgresExtension.class)
class ReplicationTests {

	@Test
	void theExtensionInjectsTheSharedClusterWithOneReplicaUnlessConfiguredOtherwise(EmbeddedReplicatedPostgres postgres) {
		assertThat(postgres).isSameAs(SharedReplicatedPostgres.get());
		assertThat(postgres.replicas()).hasSize(Integer.getInteger(SharedReplicatedPostgres.REPLICAS_PROPERTY, 1));
		assertThat(postgres.replica(0)).isSameAs(postgres.replicas().get(0));
		assertThat(postgres.primary().name()).isEqualTo("primary");
		assertThat(postgres.replica(0).name()).isEqualTo("replica-1");
		assertThat(postgres.primary().jdbcUrl())
			.isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.primary().port() + "/tether");
		assertThat(postgres.replica(0).port()).isNotEqualTo(postgres.primary().port());
		assertThat(postgres.database()).isEqualTo("tether");
		assertThat(postgres.username()).isEqualTo("tether");
		assertThat(postgres.password()).isEqualTo("tether-secret");
		assertThat(postgres.superuserName()).isEqualTo("postgres");
	}

	@Test
	void closingTheSharedClusterLeavesItRunning(EmbeddedReplicatedPostgres postgres) {
		postgres.close();

		assertThat(postgres.primary().isRunning()).isTrue();
		assertThat(postgres.replica(0).isRunning()).isTrue();
	}

	@Test
	void thePrimaryIsNotInRecoveryAndTheReplicaIs(EmbeddedReplicatedPostgres postgres) throws SQLException {
		assertThat(postgres.primary().isReplica()).isFalse();
		assertThat(postgres.replica(0).isReplica()).isTrue();
		assertThat(Jdbc.queryBoolean(postgres, postgres.primary(), "SELECT pg_is_in_recovery()")).isFalse();
		assertThat(Jdbc.queryBoolean(postgres, postgres.replica(0), "SELECT pg_is_in_recovery()")).isTrue();
	}

	@Test
	void theApplicationRoleOwnsTheDatabaseButIsNoSuperuser(EmbeddedReplicatedPostgres postgres) throws SQLException {
		assertThat(Jdbc.queryBoolean(postgres, postgres.primary(),
				"SELECT NOT rolsuper FROM pg_roles WHERE rolname = current_user")).isTrue();
		assertThat(Jdbc.queryBoolean(postgres, postgres.primary(),
				"SELECT pg_get_userbyid(datdba) = 'tether' FROM pg_database WHERE datname = current_database()"))
			.isTrue();
	}

	@Test
	void theSuperuserConnectionIsASuperuser(EmbeddedReplicatedPostgres postgres) throws SQLException {
		try (Connection connection = postgres.replica(0).openSuperuserConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_setting('is_superuser'), current_database()")) {
			result.next();
			assertThat(result.getString(1)).isEqualTo("on");
			assertThat(result.getString(2)).isEqualTo("tether");
		}
	}

	@Test
	void aRowWrittenOnThePrimaryAppearsOnTheReplica(EmbeddedReplicatedPostgres postgres) throws SQLException {
		String table = Jdbc.createTable(postgres);
		String id = Jdbc.insertRow(postgres, table);

		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));

		assertThat(Jdbc.rowVisible(postgres, postgres.replica(0), table, id)).isTrue();
	}

	@Test
	void aWriteOnTheReplicaFailsWithTheReadOnlyError(EmbeddedReplicatedPostgres postgres) throws SQLException {
		String table = Jdbc.createTable(postgres);
		postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));

		try (Connection connection = Jdbc.connect(postgres, postgres.replica(0));
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeUpdate("INSERT INTO " + table + " VALUES ('x')"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25006"))
				.withMessageContaining("read-only transaction");
		}
	}

}
