package dev.tether.benchmarks;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.tether.replica.InFlightConnections;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What entering and leaving a node's registry of connections in flight costs each transaction:
 * Tether's slot array ({@link InFlightConnections}) beside a concurrent set, 4 threads on one
 * registry as on one busy node.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar InFlightRegistryBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(4)
public class InFlightRegistryBenchmark {

	/** One node's registries, shared by the threads. */
	@State(Scope.Benchmark)
	public static class Node {

		final InFlightConnections slots = new InFlightConnections();

		final Set<Connection> set = ConcurrentHashMap.newKeySet();

	}

	/** Each thread's connection, as a logical connection holds one. */
	@State(Scope.Thread)
	public static class Held {

		Connection connection;

		@Setup
		public void create() {
			this.connection = (Connection) Proxy.newProxyInstance(Held.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> switch (method.getName()) {
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						default -> null;
					});
		}

	}

	@Benchmark
	public int slotArray(Node node, Held held) {
		int slot = node.slots.enter(held.connection);
		node.slots.leave(slot, held.connection);
		return slot;
	}

	@Benchmark
	public boolean concurrentSet(Node node, Held held) {
		node.set.add(held.connection);
		return node.set.remove(held.connection);
	}

}
