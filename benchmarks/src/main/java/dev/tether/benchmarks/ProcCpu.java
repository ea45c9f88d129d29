package dev.tether.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time outside the JVM, read from Linux's {@code /proc}: what the database servers
 * ({@code postgres} processes) used, and how much of the machine stayed idle. On a machine where
 * the benchmark's JVM and its databases share two cores, a strategy's throughput follows the CPU
 * an order costs on both sides; the JVM's own share is only part of it. Elsewhere than on Linux
 * every reading is 0.
 * <p>
 * Ticks are {@code USER_HZ} (100 per second on Linux), so a reading over a few seconds is exact to
 * about a percent.
 */
final class ProcCpu {

	private static final double NANOS_PER_TICK = 1e9 / 100;

	private ProcCpu() {
	}

	/**
	 * CPU time of every {@code postgres} process on the machine (the benchmark's servers; the
	 * machine's own idle service adds next to nothing), in nanoseconds.
	 */
	static long postgresNanos() {
		Path proc = Path.of("/proc");
		if (!Files.isDirectory(proc)) {
			return 0;
		}
		long ticks = 0;
		try (Stream<Path> entries = Files.list(proc)) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				String name = entry.getFileName().toString();
				if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
					ticks += postgresTicks(entry.resolve("stat"));
				}
			}
		}
		catch (IOException ex) {
			return 0;
		}
		return (long) (ticks * NANOS_PER_TICK);
	}

	/** Idle time of all cores together, from the first line of {@code /proc/stat}, in nanoseconds. */
	static long idleNanos() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
			String[] fields = lines.get(0).trim().split("\\s+");
			// cpu user nice system idle iowait ...
			return (long) ((Long.parseLong(fields[4]) + Long.parseLong(fields[5])) * NANOS_PER_TICK);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * The calling thread's context switches so far, voluntary (it blocked: a socket read, a park)
	 * and involuntary (preempted) together, from {@code /proc/thread-self/status}.
	 */
	static long threadSwitches() {
		try {
			long switches = 0;
			for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
				if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
					switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
				}
			}
			return switches;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static long postgresTicks(Path stat) {
		try {
			String line = Files.readString(stat);
			int open = line.indexOf('(');
			int close = line.lastIndexOf(')');
			if (open < 0 || close < 0 || !line.substring(open + 1, close).equals("postgres")) {
				return 0;
			}
			// after the name: state(3) ppid(4) ... utime(14) stime(15)
			String[] fields = line.substring(close + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			// the process ended between the listing and the read
			return 0;
		}
	}

}
