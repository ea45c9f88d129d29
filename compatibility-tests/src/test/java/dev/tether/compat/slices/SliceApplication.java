package dev.tether.compat.slices;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small application with an entity, a repository and two controllers, for the test slices.
 * The migration and job libraries on this module's classpath are excluded: their own tests
 * cover them, and here they would only need schemas and change logs.
 */
@SpringBootApplication(excludeName = { "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
		"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
		"org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
		"org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration",
		"org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
		"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
		"org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration",
		"net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration" })
public class SliceApplication {

	/** The table of {@link Note}, created on the primary by the tests (ddl-auto is off against a real database). */
	static final String SCHEMA = "create table if not exists compat_note (id bigserial primary key, body varchar(200) not null)";

}
