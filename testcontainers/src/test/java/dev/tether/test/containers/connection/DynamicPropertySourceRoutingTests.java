package dev.tether.test.containers.connection;

import dev.tether.test.assertj.AnsweringNode;
import dev.tether.test.containers.PostgresReplicaContainer;
import dev.tether.test.containers.ReplicaContainer;
import dev.tether.test.containers.TetherImages;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tether.test.assertj.TetherAssertions.assertThat;

/**
 * The same wiring without {@code @ServiceConnection}: {@code @Container} fields and a
 * {@code @DynamicPropertySource} that sets {@code spring.datasource.*} and
 * {@code tether.replicas.replica-1.*}. Skipped without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = DynamicPropertySourceRoutingTests.App.class)
class DynamicPropertySourceRoutingTests {

	@Container
	static final PostgreSQLContainer primary = new PostgreSQLContainer(TetherImages.postgres())
		.withLabel(ReplicaContainer.LABEL, "primary");

	@Container
	static final PostgresReplicaContainer replica = new PostgresReplicaContainer(primary);

	@DynamicPropertySource
	static void databases(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", primary::getJdbcUrl);
		registry.add("spring.datasource.username", primary::getUsername);
		registry.add("spring.datasource.password", primary::getPassword);
		registry.add("tether.replicas.replica-1.url", replica::getJdbcUrl);
	}

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

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
	static class App {

	}

}
