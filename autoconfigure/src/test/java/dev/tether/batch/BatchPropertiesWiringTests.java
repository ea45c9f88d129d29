package dev.tether.batch;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tether.batch.*} reaches the bulk updater's settings. No database: creating the updater
 * opens no connection.
 */
class BatchPropertiesWiringTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BatchAutoConfiguration.class))
		.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:postgresql://localhost:1/none"));

	@Test
	void theCommitOutcomeTimeoutIsTenSecondsByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(BulkUpdater.class).settings().commitOutcomeTimeout())
			.isEqualTo(Duration.ofSeconds(10)));
	}

	@Test
	void theCommitOutcomeTimeoutPropertyReachesTheBulkUpdater() {
		this.runner.withPropertyValues("tether.batch.commit-outcome-timeout=3s")
			.run((context) -> assertThat(context.getBean(BulkUpdater.class).settings().commitOutcomeTimeout())
				.isEqualTo(Duration.ofSeconds(3)));
	}

	@Test
	void aNegativeCommitOutcomeTimeoutFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("tether.batch.commit-outcome-timeout=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tether.batch.commit-outcome-timeout must be zero or positive"));
	}

}
