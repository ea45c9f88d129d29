package dev.tether.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.protocol.ServerSessionStateController;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;

/**
 * A causal read on MySQL 8, taken apart: after a write commits on the primary, how does the router
 * learn the write's GTID, and how does it wait until the replica has applied it? Each combination of
 * <ul>
 * <li><b>learn</b>: {@code query} — what Tether does today, one extra round trip to the primary
 * ({@code SELECT @@GLOBAL.gtid_mode, @@GLOBAL.gtid_executed}, parsed for the primary's source); or
 * {@code tracked} — {@code session_track_gtids = OWN_GTID}, the GTID rides on the write's own OK
 * packet and is read from MySQL Connector/J's session state (no round trip);</li>
 * <li><b>wait</b>: {@code poll} — today's loop, {@code SELECT @@GLOBAL.gtid_executed} on the
 * replica, then 2 ms apart, up to the causal wait (20 ms, the default); or {@code wait-for} — one
 * {@code SELECT WAIT_FOR_EXECUTED_GTID_SET(?, 0.02)}, which the server answers the moment the
 * replica has applied the set</li>
 * </ul>
 * runs {@code writes} single-row autocommit {@code INSERT}s per round, the combinations alternating
 * round after round, on an embedded MySQL 8 primary and replica; each reports medians over rounds of
 * the per-round median and 90th percentile of the time to learn the position, the time from the
 * write's commit until the replica is known to have it, the round trips spent waiting, how many
 * waits succeeded within 20 ms, and client CPU per causal read.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tether.benchmarks.MySqlCausalWaitHarness [rounds] [writes]}
 */
public final class MySqlCausalWaitHarness {

	private static final long POLL_NANOS = 2_000_000;

	private static final long CAUSAL_WAIT_NANOS = 20_000_000;

	private MySqlCausalWaitHarness() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 7;
		int writes = (args.length > 1) ? Integer.parseInt(args[1]) : 300;
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		try (EmbeddedReplicatedMySql mysql = EmbeddedReplicatedMySql.start(1);
				Connection plainPrimary = connect(mysql, mysql.primary().jdbcUrl(), false);
				Connection trackedPrimary = connect(mysql, mysql.primary().jdbcUrl(), true);
				Connection replica = connect(mysql, mysql.replica(0).jdbcUrl(), false)) {
			try (Statement statement = plainPrimary.createStatement()) {
				statement.execute("CREATE TABLE causal (id BIGINT AUTO_INCREMENT PRIMARY KEY, v BIGINT NOT NULL)");
			}
			mysql.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(10));
			String source = mysql.primary().serverUuid().toLowerCase(Locale.ROOT);
			List<Variant> variants = List.of(new Variant("query", "poll"), new Variant("query", "wait-for"),
					new Variant("tracked", "poll"), new Variant("tracked", "wait-for"));
			Map<Variant, List<double[]>> results = new LinkedHashMap<>();
			variants.forEach((variant) -> results.put(variant, new ArrayList<>()));
			for (int round = -2; round < rounds; round++) {
				for (Variant variant : variants) {
					Connection primary = variant.tracked() ? trackedPrimary : plainPrimary;
					long cpuBefore = os.getProcessCpuTime();
					double[] figures = run(variant, primary, replica, source, writes);
					figures[7] = (os.getProcessCpuTime() - cpuBefore) / 1000.0 / writes;
					if (round >= 0) {
						results.get(variant).add(figures);
					}
				}
			}
			System.out.printf("MySQL 8.0.31 causal read after a write, %d rounds x %d writes, medians over rounds%n", rounds,
					writes);
			System.out.printf("%-18s %12s %12s %12s %12s %12s %12s %10s %12s%n", "learn / wait", "learn p50", "learn p90",
					"wait p50", "wait p90", "write p50", "round trips", "in 20 ms", "CPU/read");
			for (Map.Entry<Variant, List<double[]>> entry : results.entrySet()) {
				List<double[]> r = entry.getValue();
				System.out.printf("%-18s %9.0f us %9.0f us %9.0f us %9.0f us %9.0f us %12.2f %9.1f%% %9.1f us%n",
						entry.getKey(), median(r, 0), median(r, 1), median(r, 2), median(r, 3), median(r, 4), median(r, 5),
						median(r, 6), median(r, 7));
			}
		}
	}

	/** One round: figures[] = learn p50, learn p90, wait p50, wait p90, write p50 (us), round trips, % in time, CPU. */
	private static double[] run(Variant variant, Connection primary, Connection replica, String source, int writes)
			throws SQLException {
		long[] learn = new long[writes];
		long[] wait = new long[writes];
		long[] write = new long[writes];
		long roundTrips = 0;
		int inTime = 0;
		try (PreparedStatement insert = primary.prepareStatement("INSERT INTO causal (v) VALUES (?)");
				PreparedStatement position = primary.prepareStatement("SELECT @@GLOBAL.gtid_mode, @@GLOBAL.gtid_executed");
				PreparedStatement executed = replica.prepareStatement("SELECT @@GLOBAL.gtid_executed");
				PreparedStatement waitFor = replica.prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, 0.02)")) {
			for (int i = 0; i < writes; i++) {
				long start = System.nanoTime();
				insert.setLong(1, i);
				insert.executeUpdate();
				long committed = System.nanoTime();
				long required;
				String gtid;
				if (variant.tracked()) {
					gtid = trackedGtid(primary);
					required = Long.parseLong(gtid.substring(gtid.lastIndexOf(':') + 1));
				}
				else {
					try (ResultSet result = position.executeQuery()) {
						result.next();
						required = highest(result.getString(2), source);
					}
					gtid = source + ":" + required;
				}
				long learned = System.nanoTime();
				boolean applied;
				if (variant.waitFor()) {
					waitFor.setString(1, gtid);
					try (ResultSet result = waitFor.executeQuery()) {
						result.next();
						applied = result.getInt(1) == 0;
					}
					roundTrips++;
				}
				else {
					long deadline = learned + CAUSAL_WAIT_NANOS;
					while (true) {
						long replayed;
						try (ResultSet result = executed.executeQuery()) {
							result.next();
							replayed = gapFreeUpTo(result.getString(1), source);
						}
						roundTrips++;
						if (replayed >= required) {
							applied = true;
							break;
						}
						if (System.nanoTime() >= deadline) {
							applied = false;
							break;
						}
						LockSupport.parkNanos(POLL_NANOS);
					}
				}
				long done = System.nanoTime();
				write[i] = committed - start;
				learn[i] = learned - committed;
				wait[i] = done - committed;
				inTime += applied ? 1 : 0;
			}
		}
		return new double[] { percentile(learn, 50), percentile(learn, 90), percentile(wait, 50), percentile(wait, 90),
				percentile(write, 50), (double) roundTrips / writes, 100.0 * inTime / writes, 0 };
	}

	/** The GTID of the write just committed, as the server reported it in the OK packet. */
	private static String trackedGtid(Connection connection) throws SQLException {
		ServerSessionStateController.ServerSessionStateChanges changes = connection.unwrap(JdbcConnection.class)
			.getServerSessionStateController()
			.getSessionStateChanges();
		if (changes != null) {
			for (ServerSessionStateController.SessionStateChange change : changes.getSessionStateChangesList()) {
				if (change.getType() == ServerSessionStateController.SESSION_TRACK_GTIDS && !change.getValues().isEmpty()) {
					return change.getValues().get(0).toLowerCase(Locale.ROOT);
				}
			}
		}
		throw new IllegalStateException("The OK packet of the write carried no GTID: is session_track_gtids OWN_GTID?");
	}

	private static Connection connect(EmbeddedReplicatedMySql mysql, String url, boolean trackGtids) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", mysql.username());
		properties.setProperty("password", mysql.password());
		if (trackGtids) {
			properties.setProperty("trackSessionState", "true");
		}
		Connection connection = DriverManager.getConnection(url, properties);
		if (trackGtids) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET SESSION session_track_gtids = OWN_GTID");
			}
		}
		return connection;
	}

	/** The highest transaction number of {@code source} in a GTID set, as the probe reads the primary. */
	static long highest(String set, String source) {
		long highest = 0;
		for (long[] interval : intervals(set, source)) {
			highest = Math.max(highest, interval[1]);
		}
		return highest;
	}

	/** The end of the gap-free prefix of {@code source}'s transactions, as the probe reads a replica. */
	static long gapFreeUpTo(String set, String source) {
		List<long[]> sorted = intervals(set, source);
		sorted.sort((a, b) -> Long.compare(a[0], b[0]));
		long upTo = 0;
		for (long[] interval : sorted) {
			if (interval[0] > upTo + 1) {
				break;
			}
			upTo = Math.max(upTo, interval[1]);
		}
		return upTo;
	}

	private static List<long[]> intervals(String set, String source) {
		List<long[]> intervals = new ArrayList<>();
		for (String member : set.split(",")) {
			String[] parts = member.trim().toLowerCase(Locale.ROOT).split(":");
			if (parts[0].equals(source)) {
				for (int i = 1; i < parts.length; i++) {
					int dash = parts[i].indexOf('-');
					long first = Long.parseLong((dash < 0) ? parts[i] : parts[i].substring(0, dash));
					intervals.add(new long[] { first, (dash < 0) ? first : Long.parseLong(parts[i].substring(dash + 1)) });
				}
			}
		}
		return intervals;
	}

	private static double percentile(long[] nanos, int percent) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1000.0;
	}

	private static double median(List<double[]> rounds, int index) {
		double[] values = rounds.stream().mapToDouble((figures) -> figures[index]).sorted().toArray();
		return values[values.length / 2];
	}

	private record Variant(String learn, String waiting) {

		boolean tracked() {
			return this.learn.equals("tracked");
		}

		boolean waitFor() {
			return this.waiting.equals("wait-for");
		}

		@Override
		public String toString() {
			return this.learn + " / " + this.waiting;
		}

	}

}
