package dev.tether.routing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pin reports a transaction's two ends, once each; no database. */
class TransactionPinTests {

	private final List<String> events = new ArrayList<>();

	private final RoutingListener listener = new RoutingListener() {

		@Override
		public void onDecision(RoutingTarget target, String replica, RoutingReason reason) {
			TransactionPinTests.this.events.add("decision " + target.tagValue() + " " + replica + " " + reason.tagValue());
		}

		@Override
		public void onTransactionEnd(RoutingTarget target, String replica, long nanos, boolean committed) {
			TransactionPinTests.this.events.add("end " + target.tagValue() + " " + replica + " " + committed);
		}

	};

	private final PhysicalNode replica = new PhysicalNode(null, RoutingTarget.REPLICA, "replica-1");

	private final PhysicalNode primary = new PhysicalNode(null, RoutingTarget.PRIMARY, null);

	@Test
	void aTransactionIsReportedWhenPinnedAndOnceWhenItEnds() {
		List<Boolean> observed = new ArrayList<>();
		TransactionPin pin = pin((target, replica, reason) -> observed::add, true);
		assertThat(pin.pin(this.replica, RoutingReason.READ_ONLY, true)).isSameAs(this.replica);
		assertThat(pin.isReadOnlyRouted()).isTrue();
		pin.unpin(true);
		pin.unpin(false);
		assertThat(pin.isPinned()).isFalse();
		assertThat(this.events).containsExactly("decision replica replica-1 read-only", "end replica replica-1 true");
		assertThat(observed).containsExactly(true);
	}

	@Test
	void aFailoverMovesThePinWithoutANewTransaction() {
		TransactionPin pin = pin(null, true);
		pin.pin(this.replica, RoutingReason.READ_ONLY, true);
		pin.moved(this.replica, this.primary);
		assertThat(pin.pinnedNode()).isSameAs(this.primary);
		pin.unpin(false);
		assertThat(this.events).containsExactly("decision replica replica-1 read-only", "end primary null false");
	}

	@Test
	void withoutReplicasNothingIsReported() {
		TransactionPin pin = pin(null, false);
		pin.pin(this.primary, RoutingReason.READ_WRITE, false);
		assertThat(pin.pinnedNode()).isSameAs(this.primary);
		pin.unpin(true);
		assertThat(this.events).isEmpty();
	}

	/**
	 * A pin as a logical connection has it (its layer above the physical connections), with only the
	 * listener, the observer and whether there are replicas in its core.
	 */
	private TransactionPin pin(TransactionObserver observer, boolean reports) {
		RoutingCore core = new RoutingCore(null, null, reports, null, null, null, null, null, null, this.listener,
				observer, null);
		return new TransactionPin(core) {

			@Override
			void prepare(PhysicalNode node) {
			}

		};
	}

}
