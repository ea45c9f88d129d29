package dev.tether.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Client-side CPU per one-statement transaction for the stacks of {@link ConnectionFetchBenchmark}
 * (Boot eager, Boot {@code connection-fetch=lazy}, Tether, Tether + {@code connection-fetch=lazy}),
 * all wired by Boot's auto-configuration on one cluster, alternating round after round and
 * reporting medians, as {@link CpuPerTransaction} does, with the bytes the measuring thread
 * allocated per transaction (JMH's {@code gc.alloc.rate.norm}, stable under load).
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tether.benchmarks.ConnectionFetchCpu [rounds] [transactions] [read-only|read-write]}
 */
public final class ConnectionFetchCpu {

	private ConnectionFetchCpu() {
	}

	public static void main(String[] args) {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 11;
		int transactions = (args.length > 1) ? Integer.parseInt(args[1]) : 5000;
		boolean readOnly = args.length <= 2 || args[2].equals("read-only");
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		// Bytes this thread allocates: the same figure as JMH's gc.alloc.rate.norm, without the pools' own threads.
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long self = Thread.currentThread().getId();
		try (BenchmarkCluster cluster = new BenchmarkCluster()) {
			Map<String, AnnotationConfigApplicationContext> stacks = new LinkedHashMap<>();
			for (String stack : List.of("boot", "boot+lazy", "tether", "tether+lazy")) {
				stacks.put(stack, ConnectionFetchBenchmark.context(cluster, stack));
			}
			Map<String, List<Double>> cpu = new LinkedHashMap<>();
			Map<String, List<Double>> bytes = new LinkedHashMap<>();
			stacks.keySet().forEach((name) -> cpu.put(name, new ArrayList<>()));
			stacks.keySet().forEach((name) -> bytes.put(name, new ArrayList<>()));
			for (int round = -2; round < rounds; round++) {
				for (Map.Entry<String, AnnotationConfigApplicationContext> stack : stacks.entrySet()) {
					TransactionTemplate transaction = new TransactionTemplate(
							stack.getValue().getBean(PlatformTransactionManager.class));
					transaction.setReadOnly(readOnly);
					JdbcTemplate jdbc = new JdbcTemplate(stack.getValue().getBean(DataSource.class));
					long cpuStart = os.getProcessCpuTime();
					long allocatedStart = threads.getThreadAllocatedBytes(self);
					for (int i = 0; i < transactions; i++) {
						int id = ThreadLocalRandom.current().nextInt(1, BenchmarkCluster.ROWS + 1);
						transaction.execute((status) -> jdbc.queryForObject("select name from bench_item where id = ?",
								String.class, id));
					}
					if (round >= 0) {
						// rounds -2 and -1 warm the JIT up
						cpu.get(stack.getKey()).add((os.getProcessCpuTime() - cpuStart) / 1000.0 / transactions);
						bytes.get(stack.getKey()).add((threads.getThreadAllocatedBytes(self) - allocatedStart) / (double) transactions);
					}
				}
			}
			System.out.printf("%-12s %-10s %26s %22s%n", "stack", "tx", "client CPU us/tx (median)", "B/tx (median)");
			for (String name : stacks.keySet()) {
				System.out.printf("%-12s %-10s %26.1f %22.0f%n", name, readOnly ? "read-only" : "read-write",
						median(cpu.get(name)), median(bytes.get(name)));
			}
			stacks.values().forEach(AnnotationConfigApplicationContext::close);
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
