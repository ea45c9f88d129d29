package dev.tether.replica;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry of connections in flight on a node: pure logic, with stand-in connections that count aborts. */
class InFlightConnectionsTests {

	@Test
	void abortingReachesEveryConnectionStillInFlightAndNoneThatLeft() {
		InFlightConnections registry = new InFlightConnections();
		AtomicInteger aborts = new AtomicInteger();
		List<Connection> connections = new ArrayList<>();
		List<Integer> slots = new ArrayList<>();
		// more than the initial slots, so the array grows while entries are held
		for (int i = 0; i < 40; i++) {
			Connection connection = counting(aborts);
			connections.add(connection);
			slots.add(registry.enter(connection));
		}
		for (int i = 0; i < 10; i++) {
			registry.leave(slots.get(i), connections.get(i));
		}
		assertThat(registry.count()).isEqualTo(30);
		assertThat(registry.abortAll(Runnable::run, "down")).isEqualTo(30);
		assertThat(aborts).hasValue(30);
		assertThat(registry.count()).isZero();
	}

	@Test
	void aConnectionLeavesWithoutItsSlotAlsoAfterTheArrayGrew() {
		InFlightConnections registry = new InFlightConnections();
		AtomicInteger aborts = new AtomicInteger();
		List<Connection> connections = new ArrayList<>();
		// more than the initial slots: the first ones were entered in a smaller array
		for (int i = 0; i < 40; i++) {
			Connection connection = counting(aborts);
			connections.add(connection);
			registry.enter(connection);
		}
		for (int i = 0; i < 25; i++) {
			registry.leave(connections.get(i));
		}
		// one that never entered leaves nothing and takes nobody else's slot
		registry.leave(counting(aborts));
		assertThat(registry.count()).isEqualTo(15);
		assertThat(registry.abortAll(Runnable::run, "down")).isEqualTo(15);
		assertThat(aborts).hasValue(15);
	}

	@Test
	void slotsAreReusedOnceLeft() {
		InFlightConnections registry = new InFlightConnections();
		AtomicInteger aborts = new AtomicInteger();
		for (int i = 0; i < 1000; i++) {
			Connection connection = counting(aborts);
			registry.leave(registry.enter(connection), connection);
		}
		assertThat(registry.count()).isZero();
		assertThat(registry.abortAll(Runnable::run, "down")).isZero();
	}

	@Test
	void concurrentEntriesAreAllFoundWhileTheArrayGrows() throws Exception {
		InFlightConnections registry = new InFlightConnections();
		AtomicInteger aborts = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			Thread thread = new Thread(() -> {
				for (int i = 0; i < 25; i++) {
					registry.enter(counting(aborts));
				}
			});
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(registry.count()).isEqualTo(200);
		assertThat(registry.abortAll(Runnable::run, "down")).isEqualTo(200);
	}

	@Test
	void anAbortedConnectionIsRememberedWithTheReasonUntilItsHolderLeaves() {
		InFlightConnections registry = new InFlightConnections();
		AtomicInteger aborts = new AtomicInteger();
		Connection aborted = counting(aborts);
		int slot = registry.enter(aborted);
		Connection left = counting(aborts);
		registry.leave(registry.enter(left), left);
		assertThat(registry.abortedBecause(aborted)).as("before any abort").isNull();
		assertThat(registry.abortAll(Runnable::run, "no answer to 2 probes")).isEqualTo(1);
		assertThat(registry.abortedBecause(aborted)).isEqualTo("no answer to 2 probes");
		assertThat(registry.abortedBecause(left)).as("given back before the abort").isNull();
		// a connection taken after the abort was not aborted
		Connection later = counting(aborts);
		int laterSlot = registry.enter(later);
		assertThat(registry.abortedBecause(later)).isNull();
		registry.leave(slot, aborted);
		assertThat(registry.abortedBecause(aborted)).as("once its holder left").isNull();
		registry.leave(laterSlot, later);
		assertThat(registry.count()).isZero();
	}

	@Test
	void anAbortedConnectionIsForgottenWhenItsHolderLeavesWithoutItsSlot() {
		// the routing path's node record keeps no slot (the allocation budget): leave(connection)
		InFlightConnections registry = new InFlightConnections();
		Connection aborted = counting(new AtomicInteger());
		registry.enter(aborted);
		registry.abortAll(Runnable::run, "no answer to 3 probes");
		assertThat(registry.abortedBecause(aborted)).isEqualTo("no answer to 3 probes");
		registry.leave(aborted);
		assertThat(registry.abortedBecause(aborted)).as("once its holder left").isNull();
		assertThat(registry.count()).isZero();
	}

	@Test
	void connectionsOfSeveralAbortsAreAllRemembered() {
		InFlightConnections registry = new InFlightConnections();
		AtomicInteger aborts = new AtomicInteger();
		Connection first = counting(aborts);
		int firstSlot = registry.enter(first);
		registry.abortAll(Runnable::run, "first");
		Connection second = counting(aborts);
		registry.enter(second);
		registry.abortAll(Runnable::run, "second");
		assertThat(registry.abortedBecause(first)).isNotNull();
		assertThat(registry.abortedBecause(second)).isEqualTo("second");
		registry.leave(firstSlot, first);
		assertThat(registry.abortedBecause(first)).isNull();
		assertThat(registry.abortedBecause(second)).isEqualTo("second");
		assertThat(aborts).hasValue(2);
	}

	private static Connection counting(AtomicInteger aborts) {
		return (Connection) Proxy.newProxyInstance(InFlightConnectionsTests.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					if (method.getName().equals("abort")) {
						aborts.incrementAndGet();
						return null;
					}
					if (method.getName().equals("hashCode")) {
						return System.identityHashCode(proxy);
					}
					if (method.getName().equals("equals")) {
						return proxy == args[0];
					}
					return null;
				});
	}

}
