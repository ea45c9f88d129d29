package dev.tether.routing;

import java.util.ArrayList;
import java.util.List;

import dev.tether.replica.ReplicationPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaBalancerTests {

	@Test
	void equalWeightsGoRoundRobin() {
		ReplicaBalancer balancer = new ReplicaBalancer(List.of(replica("a", 1), replica("b", 1), replica("c", 1)));
		assertThat(names(balancer, 6)).containsExactly("a", "b", "c", "a", "b", "c");
	}

	@Test
	void weightsShareTheLoadAndAreInterleaved() {
		ReplicaBalancer balancer = new ReplicaBalancer(List.of(replica("a", 5), replica("b", 1), replica("c", 1)));
		List<String> order = names(balancer, 7);
		assertThat(order).containsExactly("a", "a", "b", "a", "c", "a", "a");
		assertThat(names(balancer, 700)).filteredOn("a"::equals).hasSize(500);
	}

	@Test
	void noReplicaGivesNull() {
		assertThat(new ReplicaBalancer(List.of()).next(Long.MAX_VALUE, ReplicationPosition.NONE)).isNull();
	}

	private static ReplicaPool replica(String name, int weight) {
		return new ReplicaPool(name, weight, null, null);
	}

	private static List<String> names(ReplicaBalancer balancer, int count) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			names.add(balancer.next(Long.MAX_VALUE, ReplicationPosition.NONE).name());
		}
		return names;
	}

}
