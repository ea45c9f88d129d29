package dev.tether.metrics;

import dev.tether.metrics.MetricsTestApplication.Work;
import dev.tether.routing.CausalSession;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing meters with every setting at its default, read-your-writes ({@code causal}) included,
 * which {@link RoutingMetersIntegrationTests} switches off for its exact mix: the same real primary
 * and replica and the same kinds of transactions. A read that follows the session's own writes goes
 * to the replica if it replayed them within the causal wait, else to the primary as
 * {@code read-your-writes}: either way it is counted once, under the reason that sent it there.
 */
@SpringBootTest(classes = MetricsTestApplication.class)
class RoutingMetersDefaultsIntegrationTests {

	private static final int READS = 7;

	private static final int WRITES = 5;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		registry.add("spring.datasource.url", () -> cluster.primary().jdbcUrl());
		registry.add("spring.datasource.username", cluster::username);
		registry.add("spring.datasource.password", cluster::password);
		registry.add("tether.replicas.replica-1.url", () -> cluster.replica(0).jdbcUrl());
	}

	@Autowired
	Work work;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry registry;

	@Test
	void withTheDefaultsEveryTransactionIsCountedOnceUnderTheReasonThatRoutedIt() {
		this.jdbc.execute("create table if not exists metrics_item (id int primary key, value int not null)");
		this.jdbc.update("insert into metrics_item (id, value) values (1, 0) on conflict (id) do nothing");
		try (RoutingContextHolder.Scope session = RoutingContextHolder.openSession(new CausalSession())) {
			double all = decisions(null, null);
			double replicaReads = decisions("replica", "read-only");
			double ownReads = decisions("primary", "read-your-writes");
			double writes = decisions("primary", "read-write");
			for (int i = 0; i < READS; i++) {
				// the session has not written: every read goes to the replica
				assertThat(this.work.readOnly()).isTrue();
			}
			assertThat(decisions("replica", "read-only")).isEqualTo(replicaReads + READS);
			for (int i = 0; i < WRITES; i++) {
				assertThat(this.work.readWrite()).isFalse();
			}
			this.work.readOnly();
			assertThat(decisions("primary", "read-write")).isEqualTo(writes + WRITES);
			assertThat(decisions("replica", "read-only") + decisions("primary", "read-your-writes"))
				.as("the read after the session's writes, on whichever node the default sent it to")
				.isEqualTo(replicaReads + ownReads + READS + 1);
			assertThat(decisions(null, null)).isEqualTo(all + READS + WRITES + 1);
		}
	}

	private double decisions(String target, String reason) {
		var search = this.registry.find("tether.routing.decisions");
		if (target != null) {
			search = search.tags("target", target, "reason", reason);
		}
		return search.counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

}
