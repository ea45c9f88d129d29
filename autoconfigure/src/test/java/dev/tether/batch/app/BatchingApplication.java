package dev.tether.batch.app;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A JPA application with one entity whose ids come from an IDENTITY column. */
@SpringBootApplication
public class BatchingApplication {

	/** Inserted one by one whatever the batch size: Hibernate needs each generated id. */
	@Entity
	@Table(name = "batching_identity_thing")
	public static class IdentityThing {

		@Id
		@GeneratedValue(strategy = GenerationType.IDENTITY)
		Long id;

		@Version
		long version;

	}

}
