package dev.tether.test.containers;

import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL primary container and its streaming replica, shared by the class: replication,
 * lag control, kill and restart. Skipped without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresReplicaContainerTests {

	@Container
	static final PostgreSQLContainer primary = new PostgreSQLContainer(TetherImages.postgres());

	@Container
	static final PostgresReplicaContainer replica = new PostgresReplicaContainer(primary);

	private static final ReplicaScenarios scenarios = new ReplicaScenarios(primary, replica);

	@BeforeAll
	static void createTable() throws SQLException {
		scenarios.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text)");
	}

	@Test
	void aWriteOnThePrimaryIsReadOnTheReplica() throws SQLException {
		scenarios.aWriteOnThePrimaryIsReadOnTheReplica(1);
	}

	@Test
	void theReplicaRefusesWrites() throws SQLException {
		scenarios.theReplicaRefusesTheApplicationsWrites("cannot execute INSERT in a read-only transaction");
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
