package dev.tether.test.containers.connection;

import dev.tether.routing.TetherDataSource;
import dev.tether.routing.TetherReplicaConnectionDetails;
import dev.tether.test.assertj.AnsweringNode;
import dev.tether.test.containers.PostgresReplicaContainer;
import dev.tether.test.containers.ReplicaContainer;
import dev.tether.test.containers.TetherImages;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import static dev.tether.test.assertj.TetherAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's {@code @ServiceConnection} on a PostgreSQL primary container and on its replica
 * container, with no property at all: read-only transactions run on the replica, the others on the
 * primary. Skipped without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = ServiceConnectionRoutingTests.App.class)
class ServiceConnectionRoutingTests {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private TetherReplicaConnectionDetails replicaDetails;

	@Test
	void theReplicaContainerIsATetherReplicaNamedByTheContainer() throws Exception {
		assertThat(this.dataSource.unwrap(TetherDataSource.class).getReplicaNames()).containsExactly("replica-1");
		assertThat(this.replicaDetails.getName()).isEqualTo("replica-1");
	}

	@Test
	void readOnlyTransactionsRunOnTheReplicaAndTheOthersOnThePrimary() {
		assertThat(inTransaction(true)).isReplica();
		assertThat(inTransaction(false)).isPrimary();
	}

	private AnsweringNode inTransaction(boolean readOnly) {
		TransactionTemplate template = new TransactionTemplate(this.transactions);
		template.setReadOnly(readOnly);
		return template.execute((status) -> this.jdbc.execute((ConnectionCallback<AnsweringNode>) AnsweringNode::of));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Containers.class)
	static class App {

	}

	/** What an application's test configuration declares: a primary and its replica, both service connections. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Containers {

		@Bean
		@ServiceConnection
		PostgreSQLContainer postgres() {
			// The label lets .ci/run remove the container if this JVM is killed (Ryuk is off there).
			return new PostgreSQLContainer(TetherImages.postgres()).withLabel(ReplicaContainer.LABEL, "primary");
		}

		@Bean
		@ServiceConnection
		PostgresReplicaContainer postgresReplica(PostgreSQLContainer postgres) {
			return new PostgresReplicaContainer(postgres);
		}

	}

}
