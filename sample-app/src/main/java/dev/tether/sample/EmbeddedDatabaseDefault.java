package dev.tether.sample;

import java.util.Map;

import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When no {@code spring.datasource.url} is configured, starts a real PostgreSQL primary and
 * streaming replica (from the binaries on Maven Central) and points the application at them, so
 * the sample runs with nothing installed. They stop when the JVM exits.
 */
class EmbeddedDatabaseDefault implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Log logger = LogFactory.getLog(EmbeddedDatabaseDefault.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		// TestSampleApplication turns it off: its @ServiceConnection containers are the databases.
		if (environment.containsProperty("spring.datasource.url")
				|| !environment.getProperty("sample.embedded-database", Boolean.class, true)) {
			return;
		}
		logger.info("No spring.datasource.url: starting an embedded PostgreSQL primary and replica");
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("tetherEmbeddedPostgres",
					Map.of("spring.datasource.url", cluster.primary().jdbcUrl(), "spring.datasource.username",
							cluster.username(), "spring.datasource.password", cluster.password(),
							"tether.replicas.replica-1.url", cluster.replica(0).jdbcUrl())));
		logger.info("Embedded primary at " + cluster.primary().jdbcUrl() + ", replica at " + cluster.replica(0).jdbcUrl());
	}

}
