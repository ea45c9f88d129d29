package dev.tether.routing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.tether.replica.ReplicaState;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Where reads go without a replica is routing policy, {@code tether.routing.fallback}; the old
 * {@code tether.replica.fallback} still works for one release, is documented as deprecated, and
 * loses to the new name. Proven on the real primary and replica, the replica marked down.
 */
@ExtendWith(OutputCaptureExtension.class)
class FallbackPropertyTests {

	private static final EmbeddedReplicatedPostgres cluster = ReplicatedPostgresProperties.cluster();

	private static final String DEPRECATION = "tether.replica.fallback is deprecated";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"spring.datasource.hikari.maximum-pool-size=2",
				"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl(),
				"tether.replicas.replica-1.pool.maximum-pool-size=2",
				// one probe at startup, then none: the replica stays DOWN once the test marks it so
				"tether.replica.probe-interval=1h");

	@Test
	void theRoutingNameMakesReadsFailWhenNoReplicaQualifies(CapturedOutput output) {
		this.runner.withPropertyValues("tether.routing.fallback=fail").run((context) -> {
			assertThat(context.getBean(RoutingProperties.class).getFallback()).isEqualTo(RoutingProperties.Fallback.FAIL);
			markReplicaDown(context);
			assertThatExceptionOfType(NoReplicaAvailableException.class).isThrownBy(() -> readOnlyIsReplica(context))
				.withMessageContaining("tether.routing.fallback=fail");
		});
		assertThat(output).doesNotContain(DEPRECATION).doesNotContain("tether.replica.fallback=");
	}

	@Test
	void withoutEitherNameReadsFallBackToThePrimary(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context.getBean(RoutingProperties.class).getFallback()).isNull();
			markReplicaDown(context);
			assertThat(readOnlyIsReplica(context)).as("answered by a replica").isFalse();
		});
		assertThat(output).doesNotContain(DEPRECATION);
	}

	@Test
	@SuppressWarnings("removal")
	void theDeprecatedNameStillWorksAndSaysWhatToSetInstead(CapturedOutput output) {
		this.runner.withPropertyValues("tether.replica.fallback=fail").run((context) -> {
			assertThat(context.getBean(ReplicaHealthProperties.class).getFallback())
				.isEqualTo(ReplicaHealthProperties.Fallback.FAIL);
			markReplicaDown(context);
			assertThatExceptionOfType(NoReplicaAvailableException.class).isThrownBy(() -> readOnlyIsReplica(context));
		});
		assertThat(output).contains(DEPRECATION).contains("set tether.routing.fallback=fail instead");
	}

	@Test
	void whenBothNamesAreSetTheRoutingNameWinsAndAWarningNamesBoth(CapturedOutput output) {
		this.runner.withPropertyValues("tether.routing.fallback=primary", "tether.replica.fallback=fail")
			.run((context) -> {
				markReplicaDown(context);
				assertThat(readOnlyIsReplica(context)).as("answered by a replica").isFalse();
			});
		assertThat(output).contains("Both tether.routing.fallback=primary and the deprecated"
				+ " tether.replica.fallback=fail are set: tether.routing.fallback applies");
	}

	@Test
	void theConfigurationMetadataReportsTheOldNameDeprecatedInFavourOfTheNew() throws IOException {
		String metadata = tetherMetadata();
		Matcher old = Pattern.compile("\\{[^{}]*\"name\":\\s*\"tether\\.replica\\.fallback\"[^{}]*\"deprecation\":\\s*\\{([^}]*)\\}")
			.matcher(metadata);
		assertThat(old.find()).as(metadata).isTrue();
		assertThat(old.group(1)).contains("\"replacement\": \"tether.routing.fallback\"");
		Matcher current = Pattern.compile("\\{[^{}]*\"name\":\\s*\"tether\\.routing\\.fallback\"[^{}]*\\}").matcher(metadata);
		assertThat(current.find()).as(metadata).isTrue();
		assertThat(current.group()).contains("\"defaultValue\": \"primary\"").doesNotContain("\"deprecated\"").doesNotContain("\"deprecation\"");
	}

	/** The metadata the build generated for Tether, not that of a Spring Boot jar. */
	private static String tetherMetadata() throws IOException {
		for (URL url : Collections.list(FallbackPropertyTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				if (metadata.contains("\"dev.tether.routing.RoutingProperties\"")) {
					return metadata;
				}
			}
		}
		throw new IllegalStateException("No configuration metadata of Tether on the class path");
	}

	private static void markReplicaDown(AssertableApplicationContext context) {
		TetherDataSource router = context.getBean(TetherDataSource.class);
		// the startup probe first, so that it cannot bring the replica back after the test marked it
		await().atMost(Duration.ofSeconds(10))
			.until(() -> router.getMonitor().health("replica-1").state() == ReplicaState.UP);
		router.getMonitor().markDown("replica-1", new IllegalStateException("marked down by the test"));
	}

	private static Boolean readOnlyIsReplica(AssertableApplicationContext context) {
		DataSource dataSource = context.getBean(DataSource.class);
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);
		return readOnly.execute(
				(status) -> new JdbcTemplate(dataSource).queryForObject("select pg_is_in_recovery()", Boolean.class));
	}

}
