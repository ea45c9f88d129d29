package dev.tether.test.containers;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mariadb.MariaDBContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * MariaDB replicas created after their primary started, as Spring Boot's {@code @Bean} containers
 * are (Boot starts the primary before it calls the replica's bean method; MySQL's case is
 * {@link MySqlReplicaContainerTests}). Skipped without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class MariaDbReplicaOfARunningPrimaryTests {

	@Test
	void aMariaDbReplicaReplicatesAPrimaryDeclaredWithConfigurePrimary() throws SQLException {
		MariaDBContainer primary = MariaDbReplicaContainer
			.configurePrimary(new MariaDBContainer(TetherImages.mariadb()).withLabel(ReplicaContainer.LABEL, "primary"));
		try (primary) {
			primary.start();
			MariaDbReplicaContainer replica = new MariaDbReplicaContainer(primary);
			try (replica) {
				ReplicaScenarios scenarios = new ReplicaScenarios(primary, replica);
				scenarios.execute("CREATE TABLE items (id bigint PRIMARY KEY, name varchar(100))");
				scenarios.insert(1);
				replica.start();
				scenarios.aWriteOnThePrimaryIsReadOnTheReplica(2);
				assertThat(scenarios.replicaHas(1)).as("row written before the replica existed").isTrue();
			}
		}
	}

	@Test
	void aMariaDbReplicaOfAPrimaryWithoutBinaryLogFailsToStartNamingTheFix() {
		MariaDBContainer primary = new MariaDBContainer(TetherImages.mariadb()).withLabel(ReplicaContainer.LABEL, "primary");
		try (primary) {
			primary.start();
			MariaDbReplicaContainer replica = new MariaDbReplicaContainer(primary);
			try (replica) {
				assertThatExceptionOfType(ContainerLaunchException.class).isThrownBy(replica::start)
					.havingRootCause()
					.withMessageContaining("the primary writes no binary log")
					.withMessageContaining("MariaDbReplicaContainer.configurePrimary");
			}
		}
	}

}
