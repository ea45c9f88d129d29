package dev.tether.test.containers;

import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mariadb.MariaDBContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MariaDB primary container and its GTID replica, shared by the class: replication,
 * lag control, kill and restart. Skipped without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class MariaDbReplicaContainerTests {

	@Container
	static final MariaDBContainer primary = new MariaDBContainer(TetherImages.mariadb());

	@Container
	static final MariaDbReplicaContainer replica = new MariaDbReplicaContainer(primary);

	private static final ReplicaScenarios scenarios = new ReplicaScenarios(primary, replica);

	@BeforeAll
	static void createTable() throws SQLException {
		scenarios.execute("CREATE TABLE items (id bigint PRIMARY KEY, name varchar(100))");
	}

	@Test
	void aWriteOnThePrimaryIsReadOnTheReplica() throws SQLException {
		scenarios.aWriteOnThePrimaryIsReadOnTheReplica(1);
	}

	@Test
	void theReplicaRefusesWrites() throws SQLException {
		scenarios.theReplicaRefusesTheApplicationsWrites("--read-only");
	}

	@Test
	void eachNodeIsRecognisedByTheAnsweringNodeAssertions() throws SQLException {
		scenarios.eachNodeIsRecognisedByTheAnsweringNodeAssertions();
	}

	@Test
	void aPausedReplicaHoldsBackWritesUntilItResumes() throws SQLException {
		scenarios.aPausedReplicaHoldsBackWritesUntilItResumes(10);
	}

	// MariaDB's MASTER_DELAY counts from the event's timestamp, in whole seconds: up to 1 s less.
	@Test
	void anApplyDelayDelaysWhatTheReplicaReads() throws SQLException {
		scenarios.anApplyDelayDelaysWhatTheReplicaReads(20, Duration.ofSeconds(2), Duration.ofSeconds(1));
	}

	@Test
	void aKilledReplicaRefusesConnectionsAndCatchesUpWhenRestartedOnTheSamePort() throws SQLException {
		String url = replica.getJdbcUrl();
		scenarios.aKilledReplicaRefusesConnectionsAndCatchesUpWhenRestarted(30);
		assertThat(replica.getJdbcUrl()).isEqualTo(url);
	}

}
