package dev.tether.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.baomidou.dynamic.datasource.toolkit.DynamicDataSourceContextHolder;
import dev.tether.routing.GuardAction;
import dev.tether.routing.StatementGuards;
import dev.tether.routing.TetherDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Client-side CPU per read-only transaction: the JVM's process CPU time over N transactions,
 * divided by N, for each stack, alternating the stacks round after round (A B C A B C ...) and
 * reporting medians. The database's work runs in other processes and drops out, so this figure
 * is stable on a 2-core machine where throughput swings by tens of percent between runs.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tether.benchmarks.CpuPerTransaction [rounds] [transactions] [read|write]}
 * <p>
 * {@code read} (the default) runs a one-statement read-only transaction on the replica through
 * each stack, the peers included ({@link PeerStacks}), plus the replica's plain pool without the
 * read-only flag ({@code hikari-unflagged}), and prints the min/median/max of the rounds; {@code write} runs a one-row {@code UPDATE} in a read-write transaction on the
 * primary, to measure the statement guards: the primary's pool alone, Tether without replicas
 * and every guard off (connections straight from the pool), with the default guards (the
 * {@code WHERE} check), and with a row limit (update counts added up by a statement wrapper).
 */
public final class CpuPerTransaction {

	/**
	 * Plain HikariCP on the replica, the transaction not marked read-only: the floor of issue 11's
	 * allocation target (the marked one, {@code hikari}, is what an application without a router
	 * runs).
	 */
	private static final String UNFLAGGED = "hikari-unflagged";

	private CpuPerTransaction() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 15;
		int transactions = (args.length > 1) ? Integer.parseInt(args[1]) : 5000;
		boolean write = args.length > 2 && args[2].equals("write");
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		try (BenchmarkCluster cluster = new BenchmarkCluster()) {
			List<AutoCloseable> alsoClose = new ArrayList<>();
			Map<String, DataSource> stacks = write ? writeStacks(cluster) : readStacks(cluster, alsoClose);
			Map<String, List<Double>> cpu = new LinkedHashMap<>();
			Map<String, List<Double>> throughput = new LinkedHashMap<>();
			Map<String, List<Double>> allocation = new LinkedHashMap<>();
			for (String name : stacks.keySet()) {
				cpu.put(name, new ArrayList<>());
				throughput.put(name, new ArrayList<>());
				allocation.put(name, new ArrayList<>());
			}
			com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
				.getThreadMXBean();
			for (int round = -2; round < rounds; round++) {
				for (Map.Entry<String, DataSource> stack : stacks.entrySet()) {
					TransactionTemplate transaction = new TransactionTemplate(
							new DataSourceTransactionManager(stack.getValue()));
					// the floor as issue 11 defines it runs the same read without Spring's read-only flag
					transaction.setReadOnly(!write && !stack.getKey().equals(UNFLAGGED));
					JdbcTemplate jdbc = new JdbcTemplate(stack.getValue());
					boolean dynamic = stack.getKey().equals("dynamic-datasource");
					long cpuStart = os.getProcessCpuTime();
					long allocatedStart = threads.getCurrentThreadAllocatedBytes();
					long wallStart = System.nanoTime();
					for (int i = 0; i < transactions; i++) {
						int id = ThreadLocalRandom.current().nextInt(1, BenchmarkCluster.ROWS + 1);
						if (write) {
							transaction.execute((status) -> jdbc.update("update bench_item set name = name where id = ?", id));
						}
						else if (dynamic) {
							// what @DS("slave") does around the service method
							DynamicDataSourceContextHolder.push(PeerStacks.REPLICA_GROUP);
							try {
								transaction.execute((status) -> jdbc
									.queryForObject("select name from bench_item where id = ?", String.class, id));
							}
							finally {
								DynamicDataSourceContextHolder.poll();
							}
						}
						else {
							transaction.execute((status) -> jdbc.queryForObject("select name from bench_item where id = ?",
									String.class, id));
						}
					}
					long wall = System.nanoTime() - wallStart;
					long used = os.getProcessCpuTime() - cpuStart;
					long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedStart;
					if (round >= 0) {
						// rounds -2 and -1 warm the JIT up
						cpu.get(stack.getKey()).add(used / 1000.0 / transactions);
						throughput.get(stack.getKey()).add(transactions / (wall / 1_000_000.0));
						// the benchmark thread's own allocation: the pools' housekeeping threads are not in it
						allocation.get(stack.getKey()).add((double) allocated / transactions);
					}
				}
			}
			System.out.printf("%-20s %34s %16s %22s%n", "stack", "client CPU us/tx (min/median/max)", "tx/ms (median)",
					"B/tx (median, min-max)");
			for (String name : stacks.keySet()) {
				List<Double> used = cpu.get(name);
				List<Double> bytes = allocation.get(name);
				System.out.printf("%-20s %14.1f / %5.1f / %5.1f %16.2f %10.0f (%.0f-%.0f)%n", name, min(used), median(used),
						max(used), median(throughput.get(name)), median(bytes), min(bytes), max(bytes));
			}
			for (Map.Entry<String, DataSource> stack : stacks.entrySet()) {
				if (stack.getValue() instanceof LazyConnectionDataSourceProxy proxy) {
					BenchmarkCluster.closeAll(proxy.getTargetDataSource());
				}
				if (!stack.getKey().equals("tether-boot")) {
					// the Boot-wired router closes with its application context
					PeerStacks.close(stack.getValue());
				}
			}
			for (AutoCloseable closeable : alsoClose) {
				closeable.close();
			}
		}
	}

	private static Map<String, DataSource> readStacks(BenchmarkCluster cluster, List<AutoCloseable> alsoClose) {
		Map<String, DataSource> stacks = new LinkedHashMap<>();
		stacks.put("hikari", cluster.replicaPool("replica"));
		stacks.put(UNFLAGGED, cluster.replicaPool("replica-unflagged"));
		LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(cluster.primaryPool("primary-lazy"));
		DataSource lazyReplica = cluster.replicaPool("replica-lazy");
		lazy.setReadOnlyDataSource(lazyReplica);
		alsoClose.add((AutoCloseable) lazyReplica);
		stacks.put("lazy-proxy", lazy);
		stacks.put("tether", TetherDataSource.builder(cluster.primaryPool("primary-tether"))
			.replica("replica-1", cluster.replicaPool("replica-tether"))
			.build());
		TetherDataSource causal = TetherDataSource.builder(cluster.primaryPool("primary-causal"))
			.replica("replica-1", cluster.replicaPool("replica-causal"))
			.build();
		BenchmarkCluster.writeThenAwaitReplay(causal);
		stacks.put("tether-causal", causal);
		stacks.put("tether+meters", ObservedStacks.withMeters(cluster, "meters"));
		stacks.put("tether+observed", ObservedStacks.withObservations(cluster, "observed"));
		BootStack boot = new BootStack(cluster);
		alsoClose.add(boot);
		stacks.put("tether-boot", boot.dataSource());
		stacks.put("dynamic-datasource", PeerStacks.dynamicDatasource(cluster, "dynamic", 4));
		stacks.put("shardingsphere", PeerStacks.shardingSphere(cluster, "sharding", 4));
		return stacks;
	}

	private static Map<String, DataSource> writeStacks(BenchmarkCluster cluster) {
		Map<String, DataSource> stacks = new LinkedHashMap<>();
		stacks.put("hikari", cluster.primaryPool("primary"));
		stacks.put("tether-no-guards", TetherDataSource.builder(cluster.primaryPool("primary-unguarded"))
			.guards(StatementGuards.none())
			.build());
		stacks.put("tether-guards", TetherDataSource.builder(cluster.primaryPool("primary-guarded")).build());
		stacks.put("tether-row-limit", TetherDataSource.builder(cluster.primaryPool("primary-limited"))
			.guards(new StatementGuards(GuardAction.FAIL, 10_000, GuardAction.FAIL))
			.build());
		return stacks;
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
