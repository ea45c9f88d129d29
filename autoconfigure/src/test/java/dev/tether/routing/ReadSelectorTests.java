package dev.tether.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.tether.replica.ReplicaMonitor;
import dev.tether.replica.ReplicationPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The read selector decides on the replicas' health alone: no database, no connection. */
class ReadSelectorTests {

	private static final long TOLERATED_LAG = Duration.ofSeconds(5).toNanos();

	private ReplicaMonitor monitor;

	@AfterEach
	void close() {
		this.monitor.close();
	}

	private List<ReplicaPool> replicas(String... names) {
		Map<String, DataSource> pools = new LinkedHashMap<>();
		for (String name : names) {
			pools.put(name, null);
		}
		// never started: the health is what the test sets
		this.monitor = new ReplicaMonitor(null, pools, Duration.ofSeconds(1), Duration.ofSeconds(5));
		List<ReplicaPool> replicas = new ArrayList<>();
		for (String name : names) {
			replicas.add(new ReplicaPool(name, 1, null, this.monitor.health(name)));
		}
		return replicas;
	}

	@Test
	void readsGoToTheReplicasInTurn() {
		ReadSelector selector = new ReadSelector(replicas("a", "b"));
		List<String> chosen = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ReadDecision decision = selector.select(TOLERATED_LAG, ReplicationPosition.NONE);
			assertThat(decision.reason()).isEqualTo(RoutingReason.READ_ONLY);
			assertThat(decision.awaitReplay()).isFalse();
			chosen.add(decision.replica().name());
		}
		assertThat(chosen).containsExactly("a", "b", "a", "b");
	}

	@Test
	void aReplicaThatIsDownGetsNoReads() {
		ReadSelector selector = new ReadSelector(replicas("a", "b"));
		this.monitor.markDown("a", new IllegalStateException("refused"));
		for (int i = 0; i < 3; i++) {
			assertThat(selector.select(TOLERATED_LAG, ReplicationPosition.NONE).replica().name()).isEqualTo("b");
		}
	}

	@Test
	void withEveryReplicaDownTheReadGoesToThePrimaryForWantOfAReplica() {
		ReadSelector selector = new ReadSelector(replicas("a"));
		this.monitor.markDown("a", new IllegalStateException("refused"));
		ReadDecision decision = selector.select(TOLERATED_LAG, ReplicationPosition.NONE);
		assertThat(decision.isPrimary()).isTrue();
		assertThat(decision.reason()).isEqualTo(RoutingReason.NO_REPLICA);
	}

	@Test
	void withoutReplicasEveryReadGoesToThePrimary() {
		ReadSelector selector = new ReadSelector(replicas());
		assertThat(selector.select(TOLERATED_LAG, ReplicationPosition.NONE)).isSameAs(ReadDecision.NO_REPLICA);
		assertThat(selector.replicaCount()).isZero();
	}

	@Test
	void aReadAfterTheSessionsWritePrefersAReplicaKnownToHaveReplayedThem() {
		ReadSelector selector = new ReadSelector(replicas("a", "b"));
		this.monitor.health("a").observeReplayPosition(90);
		this.monitor.health("b").observeReplayPosition(120);
		for (int i = 0; i < 3; i++) {
			ReadDecision decision = selector.select(TOLERATED_LAG, ReplicationPosition.of(100));
			assertThat(decision.replica().name()).isEqualTo("b");
			assertThat(decision.awaitReplay()).isFalse();
		}
	}

	@Test
	void whenNoReplicaIsKnownToHaveReplayedTheWritesOneIsChosenToWaitFor() {
		ReadSelector selector = new ReadSelector(replicas("a"));
		this.monitor.health("a").observeReplayPosition(90);
		ReadDecision decision = selector.select(TOLERATED_LAG, ReplicationPosition.of(100));
		assertThat(decision.replica().name()).isEqualTo("a");
		assertThat(decision.awaitReplay()).isTrue();
	}

	@Test
	void positionsThatDoNotCompareRequireNothingOfAReplica() {
		ReadSelector selector = new ReadSelector(replicas("a"));
		ReadDecision decision = selector.select(TOLERATED_LAG, ReplicationPosition.UNKNOWN);
		assertThat(decision.replica().name()).isEqualTo("a");
		assertThat(decision.awaitReplay()).isFalse();
	}

	@Test
	void aHeldReplicaServesAnotherReadOnlyIfItStillQualifies() {
		ReadSelector selector = new ReadSelector(replicas("a"));
		this.monitor.health("a").observeReplayPosition(90);
		assertThat(selector.accepts(this.monitor.health("a"), TOLERATED_LAG, ReplicationPosition.of(90))).isTrue();
		assertThat(selector.accepts(this.monitor.health("a"), TOLERATED_LAG, ReplicationPosition.of(91))).isFalse();
		this.monitor.markDown("a", new IllegalStateException("refused"));
		assertThat(selector.accepts(this.monitor.health("a"), TOLERATED_LAG, ReplicationPosition.NONE)).isFalse();
	}

	@Test
	void decidingAllocatesNoDecision() {
		ReadSelector selector = new ReadSelector(replicas("a"));
		assertThat(selector.select(TOLERATED_LAG, ReplicationPosition.NONE))
			.isSameAs(selector.select(TOLERATED_LAG, ReplicationPosition.NONE));
	}

}
