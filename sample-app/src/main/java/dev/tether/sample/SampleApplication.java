package dev.tether.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small inventory service that shows Tether: reads on the replica, writes on the primary,
 * {@code @ForceMaster}, and refused writes in read-only transactions. With no
 * {@code spring.datasource.url}, it starts its own PostgreSQL primary and replica
 * ({@link EmbeddedDatabaseDefault}, registered in {@code META-INF/spring.factories}).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
