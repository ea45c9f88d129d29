package dev.tether.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaMonitor;
import dev.tether.replica.ReplicationProbe;
import dev.tether.routing.CausalSession;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.MySqlNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A read of one's own write through Tether on MySQL 8, with the write's position learnt and the
 * causal wait done three ways in the same run, alternating round after round:
 * <ul>
 * <li>{@code own GTID}: a second router, whose primary URL has {@code trackSessionState=true} (what
 * the auto-configuration adds to a HikariCP primary) and {@code causalOwnGtid(true)}: the write's
 * position is its commit's own GTID ({@code session_track_gtids=OWN_GTID}, set by Tether on each
 * primary connection), so the read asks the primary nothing, then waits as {@code server wait};</li>
 * <li>{@code server wait}: the MySQL probe as shipped, with the position asked of the primary after
 * the write ({@code SELECT @@GLOBAL.gtid_mode, @@GLOBAL.gtid_executed}, the router's
 * {@code causalOwnGtid(false)}), then one {@code SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)} on the
 * replica;</li>
 * <li>{@code polling}: the same probe with its wait replaced by {@link ReplicationProbe}'s default,
 * {@code SELECT @@GLOBAL.gtid_executed} at once and then every 2 ms (what Tether did before). The
 * swap is a reflective write of the monitor's probe field, a benchmark-only trick so that both
 * variants run against the same servers in the same JVM.</li>
 * </ul>
 * Each iteration, in a new session: a read-write transaction inserts a row, then the timed
 * read-only transaction reads it back (learning the write's position from the primary, waiting for
 * the replica, reading). A read in a session with no write is timed beside it, as the floor. Reports
 * medians over rounds of the per-round p50 and p99, the share of own reads the replica served, stale
 * reads (must be 0), the write and its own read together (what the application waits for), and the
 * bytes the workload's thread allocates per write and own read (driver, pool, Spring and Tether), the
 * round trips of each write and its own read to the primary and to the
 * replica: every statement Connector/J sends on the workload's thread ({@code COMMIT} and
 * {@code SET autocommit} included), counted by a {@code queryInterceptors} class on the URLs; pings
 * of connection validation are not statements and are not counted. Defaults: causal wait 20 ms,
 * probe interval 1 s.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tether.benchmarks.MySqlCausalReadHarness [rounds] [reads]}
 */
public final class MySqlCausalReadHarness {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
		.getThreadMXBean();

	private MySqlCausalReadHarness() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 7;
		int reads = (args.length > 1) ? Integer.parseInt(args[1]) : 300;
		try (EmbeddedReplicatedMySql mysql = EmbeddedReplicatedMySql.start(1);
				HikariDataSource primary = pool(mysql, mysql.primary(), "", PrimaryRoundTrips.class);
				HikariDataSource replicaPool = pool(mysql, mysql.replica(0), "", ReplicaRoundTrips.class);
				TetherDataSource router = TetherDataSource.builder(primary)
					.replica("replica", replicaPool)
					.readPolicy(ReadPolicy.defaults())
					.causalOwnGtid(false)
					.build();
				HikariDataSource trackedPrimary = pool(mysql, mysql.primary(), "&trackSessionState=true",
						PrimaryRoundTrips.class);
				HikariDataSource trackedReplicaPool = pool(mysql, mysql.replica(0), "", ReplicaRoundTrips.class);
				TetherDataSource ownGtidRouter = TetherDataSource.builder(trackedPrimary)
					.replica("replica", trackedReplicaPool)
					.readPolicy(ReadPolicy.defaults())
					.causalOwnGtid(true)
					.build()) {
			new JdbcTemplate(primary)
				.execute("CREATE TABLE causal_read (id BIGINT PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB");
			mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
			Workload workload = new Workload(router, mysql.replica(0));
			Workload ownGtid = new Workload(ownGtidRouter, mysql.replica(0), workload.ids);
			ReplicaMonitor monitor = router.getMonitor();
			workload.ownRead(); // resolves the probe and the primary's GTID source
			ownGtid.ownRead();
			ReplicationProbe serverWait = monitor.probe();
			Map<String, Variant> variants = new LinkedHashMap<>();
			variants.put("own GTID", new Variant(ownGtid, null));
			variants.put("server wait", new Variant(workload, serverWait));
			variants.put("polling", new Variant(workload, polling(serverWait)));
			Map<String, List<double[]>> results = new LinkedHashMap<>();
			variants.keySet().forEach((name) -> results.put(name, new ArrayList<>()));
			for (int round = -2; round < rounds; round++) {
				for (Map.Entry<String, Variant> variant : variants.entrySet()) {
					if (variant.getValue().probe() != null) {
						setProbe(monitor, variant.getValue().probe());
					}
					double[] figures = variant.getValue().workload().round(reads);
					if (round >= 0) {
						results.get(variant.getKey()).add(figures);
					}
				}
			}
			setProbe(monitor, serverWait);
			System.out.printf("MySQL 8.0.31 own read after a write through Tether, %d rounds x %d reads, medians over"
					+ " rounds (causal wait 20 ms)%n", rounds, reads);
			System.out.printf("%-12s %12s %12s %12s %12s %12s %12s %12s %8s %14s %14s %10s%n", "variant", "own p50",
					"own p99", "w+r p50", "w+r p99", "floor p50", "floor p99", "on replica", "stale", "primary RT/op",
					"replica RT/op", "B/op");
			for (Map.Entry<String, List<double[]>> entry : results.entrySet()) {
				List<double[]> r = entry.getValue();
				System.out.printf("%-12s %9.0f us %9.0f us %9.0f us %9.0f us %9.0f us %9.0f us %11.1f%% %8.0f %14.2f"
						+ " %14.2f %10.0f%n", entry.getKey(), median(r, 0), median(r, 1), median(r, 8), median(r, 9),
						median(r, 2), median(r, 3), median(r, 4), sum(r, 5), median(r, 6), median(r, 7), median(r, 10));
			}
		}
	}

	/** A workload (its router) and, for the routers that ask the primary, the probe to wait with. */
	private record Variant(Workload workload, ReplicationProbe probe) {

	}

	/**
	 * Counts the statements Connector/J sends on the counted thread, one per round trip: a
	 * {@code queryInterceptors} class per node, since the driver creates the interceptor from its
	 * class name.
	 */
	abstract static class RoundTrips implements QueryInterceptor {

		/** {@code -Dtether.harness.print-statements=true} prints each counted statement, to see what a round trip is. */
		private static final boolean PRINT = Boolean.getBoolean("tether.harness.print-statements");

		/** The thread whose statements count; {@code null}: none. */
		static volatile Thread counted;

		private final AtomicLong count;

		RoundTrips(AtomicLong count) {
			this.count = count;
		}

		@Override
		public QueryInterceptor init(MysqlConnection connection, Properties properties, com.mysql.cj.log.Log log) {
			return this;
		}

		@Override
		public <T extends Resultset> T preProcess(Supplier<String> sql, Query query) {
			if (Thread.currentThread() == counted) {
				this.count.incrementAndGet();
				if (PRINT) {
					System.out.println(getClass().getSimpleName() + ": " + sql.get());
				}
			}
			return null;
		}

		@Override
		public boolean executeTopLevelOnly() {
			return true;
		}

		@Override
		public void destroy() {
		}

		@Override
		public <T extends Resultset> T postProcess(Supplier<String> sql, Query query, T result, ServerSession session) {
			return null;
		}

	}

	/** Statements to the primary. */
	public static final class PrimaryRoundTrips extends RoundTrips {

		static final AtomicLong COUNT = new AtomicLong();

		public PrimaryRoundTrips() {
			super(COUNT);
		}

	}

	/** Statements to the replica. */
	public static final class ReplicaRoundTrips extends RoundTrips {

		static final AtomicLong COUNT = new AtomicLong();

		public ReplicaRoundTrips() {
			super(COUNT);
		}

	}

	/** The probe with its own wait replaced by the interface's default: polling every 2 ms. */
	private static ReplicationProbe polling(ReplicationProbe probe) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.getName().equals("awaitReplay")) {
				return InvocationHandler.invokeDefault(proxy, method, args);
			}
			try {
				return method.invoke(probe, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return (ReplicationProbe) Proxy.newProxyInstance(ReplicationProbe.class.getClassLoader(),
				new Class<?>[] { ReplicationProbe.class }, handler);
	}

	private static void setProbe(ReplicaMonitor monitor, ReplicationProbe probe) throws ReflectiveOperationException {
		Field field = ReplicaMonitor.class.getDeclaredField("probe");
		field.setAccessible(true);
		field.set(monitor, probe);
	}

	private static HikariDataSource pool(EmbeddedReplicatedMySql mysql, MySqlNode node, String parameters,
			Class<? extends RoundTrips> roundTrips) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("causal-" + node.name() + (parameters.isEmpty() ? "" : "-tracked"));
		config.setJdbcUrl(node.jdbcUrl() + "?queryInterceptors=" + roundTrips.getName() + parameters);
		config.setUsername(mysql.username());
		config.setPassword(mysql.password());
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(4);
		return new HikariDataSource(config);
	}

	private static double median(List<double[]> rounds, int index) {
		double[] values = rounds.stream().mapToDouble((figures) -> figures[index]).sorted().toArray();
		return values[values.length / 2];
	}

	private static double sum(List<double[]> rounds, int index) {
		return rounds.stream().mapToDouble((figures) -> figures[index]).sum();
	}

	private static final class Workload {

		private final AtomicLong ids;

		private final JdbcTemplate jdbc;

		private final TransactionTemplate readOnly;

		private final TransactionTemplate readWrite;

		private final int replicaServerId;

		Workload(TetherDataSource router, MySqlNode replica) {
			this(router, replica, new AtomicLong());
		}

		/** A workload over another router that shares the ids of another, so that both insert into one table. */
		Workload(TetherDataSource router, MySqlNode replica, AtomicLong ids) {
			this.ids = ids;
			this.jdbc = new JdbcTemplate(router);
			DataSourceTransactionManager transactions = new DataSourceTransactionManager(router);
			this.readOnly = new TransactionTemplate(transactions);
			this.readOnly.setReadOnly(true);
			this.readWrite = new TransactionTemplate(transactions);
			this.replicaServerId = replica.serverId();
		}

		/**
		 * figures[] = own p50, own p99, floor p50, floor p99 (us), % own reads on the replica, stale
		 * reads, statements to the primary and to the replica per write and own read, the write and its
		 * own read together p50 and p99 (us), bytes the thread allocated per write and own read.
		 */
		double[] round(int reads) {
			long[] own = new long[reads];
			long[] writeAndRead = new long[reads];
			long[] floor = new long[reads];
			int onReplica = 0;
			int stale = 0;
			long allocated = 0;
			long primaryBefore = PrimaryRoundTrips.COUNT.get();
			long replicaBefore = ReplicaRoundTrips.COUNT.get();
			for (int i = 0; i < reads; i++) {
				long[] seen;
				long id = this.ids.incrementAndGet();
				RoundTrips.counted = Thread.currentThread();
				long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
					long wrote = System.nanoTime();
					this.readWrite.executeWithoutResult(
							(status) -> this.jdbc.update("INSERT INTO causal_read (id, v) VALUES (?, ?)", id, id));
					long start = System.nanoTime();
					seen = read(id);
					own[i] = System.nanoTime() - start;
					writeAndRead[i] = System.nanoTime() - wrote;
				}
				finally {
					RoundTrips.counted = null;
					allocated += THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
				}
				onReplica += (seen[1] == this.replicaServerId) ? 1 : 0;
				stale += (seen[0] != id) ? 1 : 0;
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
					long start = System.nanoTime();
					read(id);
					floor[i] = System.nanoTime() - start;
				}
			}
			return new double[] { percentile(own, 50), percentile(own, 99), percentile(floor, 50), percentile(floor, 99),
					100.0 * onReplica / reads, stale, (PrimaryRoundTrips.COUNT.get() - primaryBefore) / (double) reads,
					(ReplicaRoundTrips.COUNT.get() - replicaBefore) / (double) reads, percentile(writeAndRead, 50),
					percentile(writeAndRead, 99), allocated / (double) reads };
		}

		void ownRead() {
			long id = this.ids.incrementAndGet();
			try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
				this.readWrite.executeWithoutResult(
						(status) -> this.jdbc.update("INSERT INTO causal_read (id, v) VALUES (?, ?)", id, id));
				read(id);
			}
		}

		private long[] read(long id) {
			return this.readOnly.execute((status) -> this.jdbc.query(
					"SELECT COALESCE((SELECT v FROM causal_read WHERE id = ?), -1), @@server_id",
					(rs) -> rs.next() ? new long[] { rs.getLong(1), rs.getLong(2) } : null, id));
		}

	}

	private static double percentile(long[] nanos, int percent) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1000.0;
	}

}
