package dev.tether.benchmarks;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.tether.routing.TetherDataSource;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 1,000 virtual threads doing one-statement read-only transactions, through plain HikariCP on the
 * replica (the floor) and through Tether, both over 10-connection pools, the stacks alternating
 * round after round; reports the median throughput of each, their ratio, and every
 * {@code jdk.VirtualThreadPinned} event JFR recorded (threshold 0: every pinning, however short),
 * split into those with a frame of Tether's code on the stack and the others.
 * <p>
 * Needs Java 21 or later (the library and this module target 17, so virtual threads are reached by
 * reflection): {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp benchmarks/target/benchmarks.jar
 * dev.tether.benchmarks.VirtualThreadHarness [rounds] [transactions per round]}
 */
public final class VirtualThreadHarness {

	private static final int THREADS = 1000;

	private static final int POOL = 10;

	private VirtualThreadHarness() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 7;
		int transactions = (args.length > 1) ? Integer.parseInt(args[1]) : 20_000;
		Method perTask = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
		try (BenchmarkCluster cluster = new BenchmarkCluster()) {
			Map<String, DataSource> stacks = new LinkedHashMap<>();
			stacks.put("hikari", cluster.replicaPool("replica", POOL));
			stacks.put("tether", TetherDataSource.builder(cluster.primaryPool("primary-tether", POOL))
				.replica("replica-1", cluster.replicaPool("replica-tether", POOL))
				.build());
			Map<String, List<Double>> throughput = new LinkedHashMap<>();
			stacks.keySet().forEach((name) -> throughput.put(name, new ArrayList<>()));
			Recording recording = new Recording();
			recording.enable("jdk.VirtualThreadPinned").withThreshold(java.time.Duration.ZERO).withStackTrace();
			for (int round = -1; round < rounds; round++) {
				if (round == 0) {
					recording.start();
				}
				for (Map.Entry<String, DataSource> stack : stacks.entrySet()) {
					double perSecond = run(stack.getValue(), perTask, transactions);
					if (round >= 0) {
						throughput.get(stack.getKey()).add(perSecond);
					}
				}
			}
			recording.stop();
			Path file = Files.createTempFile("tether-virtual-threads", ".jfr");
			recording.dump(file);
			recording.close();
			int pinned = 0;
			int pinnedInTether = 0;
			Map<String, Integer> tetherSites = new LinkedHashMap<>();
			for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
				if (!event.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
					continue;
				}
				pinned++;
				if (event.getStackTrace() == null) {
					continue;
				}
				for (RecordedFrame frame : event.getStackTrace().getFrames()) {
					String type = frame.getMethod().getType().getName();
					if (type.startsWith("dev.tether.") && !type.startsWith("dev.tether.benchmarks.")) {
						pinnedInTether++;
						tetherSites.merge(type + "." + frame.getMethod().getName() + ":" + frame.getLineNumber(), 1,
								Integer::sum);
						break;
					}
				}
			}
			Files.deleteIfExists(file);
			System.out.printf("%d virtual threads, %d-connection pools, %d rounds of %d read-only transactions (%s)%n",
					THREADS, POOL, rounds, transactions, System.getProperty("java.version"));
			for (Map.Entry<String, List<Double>> entry : throughput.entrySet()) {
				List<Double> values = new ArrayList<>(entry.getValue());
				values.sort(null);
				System.out.printf(Locale.ROOT, "%-8s tx/s min %8.0f  median %8.0f  max %8.0f%n", entry.getKey(),
						values.get(0), values.get(values.size() / 2), values.get(values.size() - 1));
			}
			System.out.printf(Locale.ROOT, "tether / hikari (medians): %.2fx%n",
					median(throughput.get("tether")) / median(throughput.get("hikari")));
			System.out.printf("jdk.VirtualThreadPinned events: %d in all, %d with Tether's code on the stack %s%n", pinned,
					pinnedInTether, tetherSites);
			stacks.values().forEach(BenchmarkCluster::closeAll);
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

	private static double run(DataSource dataSource, Method perTask, int transactions) throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		transaction.setReadOnly(true);
		AtomicInteger left = new AtomicInteger(transactions);
		long started = System.nanoTime();
		ExecutorService executor = (ExecutorService) perTask.invoke(null);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				workers.add(executor.submit(() -> {
					int id;
					while ((id = left.getAndDecrement()) > 0) {
						int row = 1 + id % BenchmarkCluster.ROWS;
						transaction.execute((status) -> jdbc.queryForObject("select name from bench_item where id = ?",
								String.class, row));
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		return transactions / ((System.nanoTime() - started) / 1e9);
	}

}
