package dev.tether.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tether.metrics.MetricsTestApplication.Work;
import dev.tether.routing.CausalSession;
import dev.tether.routing.ReplicaMismatchException;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * After a known mix of transactions on the real primary and replica, every routing meter moved by
 * exactly what the mix implies.
 */
// read-your-writes off: the exact counts of replica reads must not depend on how fast the replica
// replays this test's own writes; RoutingMetersDefaultsIntegrationTests counts with the default on
@SpringBootTest(classes = MetricsTestApplication.class, properties = "tether.routing.read-your-writes=none")
class RoutingMetersIntegrationTests {

	private static final int READ_ONLY = 7;

	private static final int READ_WRITE = 5;

	private static final int FORCED = 3;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		registry.add("spring.datasource.url", () -> cluster.primary().jdbcUrl());
		registry.add("spring.datasource.username", cluster::username);
		registry.add("spring.datasource.password", cluster::password);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
		registry.add("tether.replicas.replica-1.url", () -> cluster.replica(0).jdbcUrl());
		registry.add("tether.replicas.replica-1.pool.maximum-pool-size", () -> "4");
	}

	@Autowired
	Work work;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry registry;

	@Test
	void everyCounterEqualsWhatAKnownMixOfTransactionsImplies() {
		this.jdbc.execute("create table if not exists metrics_item (id int primary key, value int not null)");
		this.jdbc.update("insert into metrics_item (id, value) values (1, 0) on conflict (id) do nothing");
		// a fresh read-your-writes session: the setup's writes must not send the reads to the primary
		try (RoutingContextHolder.Scope session = RoutingContextHolder.openSession(new CausalSession())) {
			countKnownMix();
		}
	}

	private void countKnownMix() {
		Map<String, Double> before = snapshot();
		for (int i = 0; i < READ_ONLY; i++) {
			assertThat(this.work.readOnly()).isTrue();
		}
		for (int i = 0; i < READ_WRITE; i++) {
			assertThat(this.work.readWrite()).isFalse();
		}
		for (int i = 0; i < FORCED; i++) {
			assertThat(this.work.forced()).isFalse();
		}
		assertThatExceptionOfType(ReplicaMismatchException.class).isThrownBy(this.work::readThenWrite);
		assertThatExceptionOfType(ReplicaMismatchException.class).isThrownBy(this.work::writeFirst);
		assertThatExceptionOfType(ReplicaMismatchException.class).isThrownBy(this.work::readThenLock);
		Map<String, Double> delta = delta(before, snapshot());
		Map<String, Double> expected = new LinkedHashMap<>();
		// The two mismatches that read first were pinned to the replica; the write-first one never was.
		expected.put("decisions replica read-only", (double) READ_ONLY + 2);
		expected.put("decisions primary read-write", (double) READ_WRITE);
		expected.put("decisions primary force-master", (double) FORCED);
		expected.put("decisions all", (double) READ_ONLY + 2 + READ_WRITE + FORCED);
		expected.put("mismatches write", 2.0);
		expected.put("mismatches locking-read", 1.0);
		expected.put("fallbacks", 0.0);
		expected.put("transactions replica commit", (double) READ_ONLY);
		expected.put("transactions replica rollback", 2.0);
		expected.put("transactions primary commit", (double) READ_WRITE + FORCED);
		expected.put("transactions primary rollback", 0.0);
		expected.put("acquisitions replica", (double) READ_ONLY + 2);
		expected.put("acquisitions primary", (double) READ_WRITE + FORCED);
		assertThat(delta).containsExactlyEntriesOf(expected);
	}

	private Map<String, Double> snapshot() {
		Map<String, Double> values = new LinkedHashMap<>();
		values.put("decisions replica read-only", count(decisions().tags("target", "replica", "replica", "replica-1", "reason", "read-only")));
		values.put("decisions primary read-write", count(decisions().tags("target", "primary", "replica", "none", "reason", "read-write")));
		values.put("decisions primary force-master", count(decisions().tags("target", "primary", "replica", "none", "reason", "force-master")));
		values.put("decisions all", count(decisions()));
		values.put("mismatches write", count(this.registry.find("tether.routing.mismatches").tags("kind", "write", "action", "refused")));
		values.put("mismatches locking-read", count(this.registry.find("tether.routing.mismatches").tags("kind", "locking-read", "action", "refused")));
		values.put("fallbacks", count(this.registry.find("tether.routing.fallbacks")));
		values.put("transactions replica commit", timed("tether.routing.transactions", "replica-1", "commit"));
		values.put("transactions replica rollback", timed("tether.routing.transactions", "replica-1", "rollback"));
		values.put("transactions primary commit", timed("tether.routing.transactions", "none", "commit"));
		values.put("transactions primary rollback", timed("tether.routing.transactions", "none", "rollback"));
		values.put("acquisitions replica", timed("tether.routing.acquisitions", "replica-1", null));
		values.put("acquisitions primary", timed("tether.routing.acquisitions", "none", null));
		return values;
	}

	private Search decisions() {
		return this.registry.find("tether.routing.decisions");
	}

	private static double count(Search search) {
		return search.counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	private double timed(String name, String replica, String outcome) {
		Search search = this.registry.find(name).tag("replica", replica);
		if (outcome != null) {
			search = search.tag("outcome", outcome);
		}
		return search.timers().stream().mapToDouble((timer) -> timer.count()).sum();
	}

	private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
		Map<String, Double> delta = new LinkedHashMap<>();
		after.forEach((key, value) -> delta.put(key, value - before.get(key)));
		return delta;
	}

}
