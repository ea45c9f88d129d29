package dev.tether.sample;

import dev.tether.test.containers.PostgresReplicaContainer;
import dev.tether.test.containers.ReplicaContainer;
import dev.tether.test.containers.TetherImages;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * The sample on a PostgreSQL primary and streaming replica in containers (Spring Boot's
 * development-time services), for those who have Docker:
 * {@code ./mvnw -q -pl sample-app -am -DskipTests install spring-boot:test-run}. Both are
 * {@code @ServiceConnection}s, so no property names a database: Boot wires the primary into
 * {@code spring.datasource}, tether-testcontainers the replica into Tether's replicas.
 */
public class TestSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main)
			.with(Containers.class)
			.run(withArgument(args, "--sample.embedded-database=false"));
	}

	private static String[] withArgument(String[] args, String argument) {
		String[] all = java.util.Arrays.copyOf(args, args.length + 1);
		all[args.length] = argument;
		return all;
	}

	/** A primary and its replica; Boot starts them before the application and stops them with it. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Containers {

		@Bean
		@ServiceConnection
		PostgreSQLContainer postgres() {
			return new PostgreSQLContainer(TetherImages.postgres()).withLabel(ReplicaContainer.LABEL, "primary");
		}

		@Bean
		@ServiceConnection
		PostgresReplicaContainer postgresReplica(PostgreSQLContainer postgres) {
			return new PostgresReplicaContainer(postgres);
		}

	}

}
