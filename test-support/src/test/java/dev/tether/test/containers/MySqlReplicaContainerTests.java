package dev.tether.test.containers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MySQL 8 primary container and its GTID replica, shared by the class: replication, lag
 * control, kill and restart. The replica is created after the primary started, as Spring Boot's
 * {@code @Bean} containers are (the harder case: the primary's log starts without GTIDs). Skipped
 * without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class MySqlReplicaContainerTests {

	static final MySQLContainer primary = new MySQLContainer(TetherImages.mysql()).withLabel(ReplicaContainer.LABEL,
			"primary");

	static MySqlReplicaContainer replica;

	static ReplicaScenarios scenarios;

	@BeforeAll
	static void startPrimaryThenReplica() throws SQLException {
		primary.start();
		replica = new MySqlReplicaContainer(primary);
		scenarios = new ReplicaScenarios(primary, replica);
		scenarios.execute("CREATE TABLE items (id bigint PRIMARY KEY, name varchar(100))");
		scenarios.insert(0);
		replica.start();
	}

	@AfterAll
	static void stop() {
		try {
			if (replica != null) {
				replica.stop();
			}
		}
		finally {
			primary.stop();
		}
	}

	@Test
	void theReplicaHasWhatThePrimaryHadBeforeItsReplicaExisted() throws SQLException {
		assertThat(scenarios.replicaHas(0)).isTrue();
	}

	@Test
	void thePrimarysGtidsAreOnOnceTheReplicaCaughtUp() throws SQLException {
		try (Connection connection = primary.createConnection(""); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@GLOBAL.gtid_mode")) {
			result.next();
			assertThat(result.getString(1)).isEqualTo("ON");
		}
	}

	@Test
	void aWriteOnThePrimaryIsReadOnTheReplica() throws SQLException {
		scenarios.aWriteOnThePrimaryIsReadOnTheReplica(1);
	}

	@Test
	void theReplicaRefusesWrites() throws SQLException {
		scenarios.theReplicaRefusesTheApplicationsWrites("read-only");
	}

	@Test
	void eachNodeIsRecognisedByTheAnsweringNodeAssertions() throws SQLException {
		scenarios.eachNodeIsRecognisedByTheAnsweringNodeAssertions();
	}

	@Test
	void aPausedReplicaHoldsBackWritesUntilItResumes() throws SQLException {
		scenarios.aPausedReplicaHoldsBackWritesUntilItResumes(10);
	}

	@Test
	void anApplyDelayDelaysWhatTheReplicaReads() throws SQLException {
		scenarios.anApplyDelayDelaysWhatTheReplicaReads(20, Duration.ofSeconds(2), Duration.ofMillis(1800));
	}

	@Test
	void aKilledReplicaRefusesConnectionsAndCatchesUpWhenRestartedOnTheSamePort() throws SQLException {
		String url = replica.getJdbcUrl();
		scenarios.aKilledReplicaRefusesConnectionsAndCatchesUpWhenRestarted(30);
		assertThat(replica.getJdbcUrl()).isEqualTo(url);
	}

}
