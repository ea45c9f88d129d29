package dev.tether.routing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The properties' defaults are the library's own: the builder's constants, {@link ReadPolicy#defaults()},
 * {@link StatementGuards#defaults()} and {@link ReplicaSpec#defaults()} ({@code RetryPropertyDefaultsTests}
 * does the same for {@code tether.retry.*}). The properties write them as literals (the configuration
 * metadata shows only literals), so this keeps the two from drifting. Pure logic, no database.
 */
class PropertyDefaultsTests {

	@Test
	@SuppressWarnings("removal")
	void routingPropertiesDefaultToTheBuildersDefaults() {
		RoutingProperties routing = new RoutingProperties();
		assertThat(routing.getClassifierCacheSize()).isEqualTo(TetherDataSource.Builder.DEFAULT_CLASSIFIER_CACHE_SIZE);
		assertThat(routing.isCausalOwnGtid()).isEqualTo(TetherDataSource.Builder.DEFAULT_CAUSAL_OWN_GTID);
		assertThat(routing.toReadPolicy(new ReplicaHealthProperties().getFallback())).isEqualTo(ReadPolicy.defaults());
		assertThat(routing.toReadPolicy()).isEqualTo(ReadPolicy.defaults());
		assertThat(ReadPolicy.defaults()).isEqualTo(new ReadPolicy(ReadPolicy.DEFAULT_READ_YOUR_WRITES,
				ReadPolicy.DEFAULT_CAUSAL_WAIT, ReadPolicy.DEFAULT_WINDOW, ReadPolicy.DEFAULT_FALLBACK_TO_PRIMARY));
	}

	@Test
	@SuppressWarnings("removal")
	void replicaHealthPropertiesDefaultToTheBuildersDefaults() {
		ReplicaHealthProperties health = new ReplicaHealthProperties();
		assertThat(health.getProbeInterval()).isEqualTo(TetherDataSource.Builder.DEFAULT_PROBE_INTERVAL);
		assertThat(health.getMaxLag()).isEqualTo(TetherDataSource.Builder.DEFAULT_MAX_LAG);
		assertThat(health.getDownAfterMissedProbes()).isEqualTo(TetherDataSource.Builder.DEFAULT_DOWN_AFTER_MISSED_PROBES);
		assertThat(health.getPrimaryDownAfterMissedProbes())
			.isEqualTo(TetherDataSource.Builder.DEFAULT_PRIMARY_DOWN_AFTER_MISSED_PROBES);
		// null: the default follows a probe interval shorter than it; the metadata shows the builder's
		assertThat(health.getProbeTimeout()).isNull();
		// the fallback moved to tether.routing.fallback: the deprecated name is unset unless an
		// application sets it, and the new one's default (unset, so primary) is checked below
		assertThat(health.getFallback()).isNull();
	}

	@Test
	void theFallbackDefaultInTheMetadataIsTheBuildersDefault() throws java.io.IOException {
		// unset in RoutingProperties, so that an application's tether.replica.fallback still applies;
		// the metadata shows what unset means
		assertThat(new RoutingProperties().getFallback()).isNull();
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("\"tether.routing.fallback\",\\s*\"defaultValue\":\\s*\"([^\"]+)\"")
			.matcher(additionalMetadata());
		assertThat(matcher.find()).isTrue();
		assertThat(RoutingProperties.Fallback.valueOf(matcher.group(1).toUpperCase(java.util.Locale.ROOT))
				== RoutingProperties.Fallback.PRIMARY)
			.isEqualTo(ReadPolicy.DEFAULT_FALLBACK_TO_PRIMARY);
	}

	@Test
	void replicasPropertiesDefaultToTheLibrarysReplica() {
		assertThat(new ReplicasProperties.Replica().toSpec()).isEqualTo(ReplicaSpec.defaults());
		assertThat(ReplicaSpec.defaults().weight()).isEqualTo(TetherDataSource.Builder.DEFAULT_WEIGHT);
		assertThat(ReplicaSpec.defaults()).isEqualTo(new ReplicaSpec(null, null, null,
				TetherDataSource.Builder.DEFAULT_WEIGHT, ReplicaSpec.DEFAULT_MAXIMUM_POOL_SIZE, null,
				ReplicaSpec.DEFAULT_CONNECTION_TIMEOUT, ReplicaSpec.DEFAULT_IDLE_TIMEOUT, ReplicaSpec.DEFAULT_MAX_LIFETIME));
	}

	private String additionalMetadata() throws java.io.IOException {
		try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	@Test
	void theProbeTimeoutDefaultInTheMetadataIsTheBuildersDefault() throws java.io.IOException {
		String metadata;
		try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
			metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("\"tether.replica.probe-timeout\",\\s*\"defaultValue\":\\s*\"([^\"]+)\"")
			.matcher(metadata);
		assertThat(matcher.find()).as(metadata).isTrue();
		assertThat(org.springframework.boot.convert.DurationStyle.detectAndParse(matcher.group(1)))
			.isEqualTo(TetherDataSource.Builder.DEFAULT_PROBE_TIMEOUT);
	}

	@Test
	void guardPropertiesDefaultToTheCoresGuards() {
		assertThat(new GuardProperties().toGuards()).isEqualTo(StatementGuards.defaults());
	}

	@Test
	void aReplicaDefaultsToTheBuildersWeight() {
		assertThat(new ReplicasProperties.Replica().getWeight()).isEqualTo(TetherDataSource.Builder.DEFAULT_WEIGHT);
	}

	@Test
	void theBuilderNamesItsMethodWhenAnArgumentIsWrong() {
		TetherDataSource.Builder builder = TetherDataSource.builder(new org.springframework.jdbc.datasource.SimpleDriverDataSource());
		assertThatIllegalArgumentException().isThrownBy(() -> builder.classifierCacheSize(0))
			.withMessage("classifierCacheSize(int): must be at least 1 (was 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.probeInterval(Duration.ofMillis(5)))
			.withMessage("probeInterval(Duration): must be at least 10ms (was PT0.005S)");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.downAfterMissedProbes(0))
			.withMessage("downAfterMissedProbes(int): must be at least 1 (was 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.primaryDownAfterMissedProbes(0))
			.withMessage("primaryDownAfterMissedProbes(int): must be at least 1 (was 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.probeTimeout(Duration.ZERO))
			.withMessage("probeTimeout(Duration): must be at least 1ms (was PT0S)");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.maxLag(Duration.ofSeconds(-1)))
			.withMessage("maxLag(Duration): must not be negative (was PT-1S)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.replica("eu west", new org.springframework.jdbc.datasource.SimpleDriverDataSource()))
			.withMessageStartingWith("replica(name, ...): replica name 'eu west'")
			.withMessageContaining(ReplicaRules.NAME_RULE);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.replica("r1", new org.springframework.jdbc.datasource.SimpleDriverDataSource(), 101))
			.withMessage("replica(name, dataSource, weight): the weight of replica 'r1' must be between 1 and 100 (was 101)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReadPolicy(ReadPolicy.ReadYourWrites.CAUSAL, Duration.ofMillis(-1), Duration.ZERO, true))
			.withMessage("ReadPolicy: causalWait must not be negative (was PT-0.001S)");
	}

}
