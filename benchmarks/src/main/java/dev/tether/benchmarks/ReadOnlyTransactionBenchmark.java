package dev.tether.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.baomidou.dynamic.datasource.toolkit.DynamicDataSourceContextHolder;
import dev.tether.routing.TetherDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A one-statement read-only transaction ({@code JdbcTemplate}, primary-key select) through
 * stacks that all end on the replica: plain HikariCP on the replica (the floor), Spring's
 * {@code LazyConnectionDataSourceProxy} with a read-only data source, and Tether (built by hand,
 * wired by Boot with the starter's defaults ({@link BootStack}), with its
 * Micrometer meters, and with meters and an observation per transaction), and two peers
 * ({@link PeerStacks}: dynamic-datasource and ShardingSphere-JDBC read/write splitting).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ReadOnlyTransactionBenchmark {

	@Param({ "hikari", "lazy-proxy", "tether", "tether-boot", "tether+meters", "tether+observed", "dynamic-datasource",
			"shardingsphere" })
	public String stack;

	private BenchmarkCluster cluster;

	private DataSource dataSource;

	private DataSource lazyReplica;

	private JdbcTemplate jdbc;

	private TransactionTemplate transaction;

	/** dynamic-datasource: each transaction names the replica group, as {@code @DS("slave")} would. */
	private boolean dynamic;

	private BootStack boot;

	@Setup(Level.Trial)
	public void start() {
		this.cluster = new BenchmarkCluster();
		this.dataSource = switch (this.stack) {
			case "hikari" -> this.cluster.replicaPool("replica");
			case "lazy-proxy" -> {
				this.lazyReplica = this.cluster.replicaPool("replica");
				LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(this.cluster.primaryPool("primary"));
				proxy.setReadOnlyDataSource(this.lazyReplica);
				yield proxy;
			}
			case "tether", "tether-causal" -> TetherDataSource.builder(this.cluster.primaryPool("primary"))
				.replica("replica-1", this.cluster.replicaPool("replica"))
				.build();
			case "tether+meters" -> ObservedStacks.withMeters(this.cluster, "meters");
			case "tether+observed" -> ObservedStacks.withObservations(this.cluster, "observed");
			case "tether-boot" -> {
				this.boot = new BootStack(this.cluster);
				yield this.boot.dataSource();
			}
			case "dynamic-datasource" -> PeerStacks.dynamicDatasource(this.cluster, "dynamic", 4);
			case "shardingsphere" -> PeerStacks.shardingSphere(this.cluster, "sharding", 4);
			default -> throw new IllegalArgumentException(this.stack);
		};
		if (this.stack.equals("tether-causal")) {
			// with one benchmark thread, JMH runs this setup on it: its reads must see this write
			BenchmarkCluster.writeThenAwaitReplay((TetherDataSource) this.dataSource);
		}
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.transaction.setReadOnly(true);
		this.dynamic = this.stack.equals("dynamic-datasource");
		Boolean replica = inScope(() -> this.transaction
			.execute((status) -> this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class)));
		if (!Boolean.TRUE.equals(replica)) {
			throw new IllegalStateException(this.stack + " did not reach the replica");
		}
	}

	@Benchmark
	public String readOnlyTransaction() {
		int id = ThreadLocalRandom.current().nextInt(1, BenchmarkCluster.ROWS + 1);
		if (this.dynamic) {
			// push/poll inline, as @DS's interceptor does: no lambda of the benchmark's own in the bytes
			DynamicDataSourceContextHolder.push(PeerStacks.REPLICA_GROUP);
			try {
				return select(id);
			}
			finally {
				DynamicDataSourceContextHolder.poll();
			}
		}
		return select(id);
	}

	private String select(int id) {
		return this.transaction.execute(
				(status) -> this.jdbc.queryForObject("select name from bench_item where id = ?", String.class, id));
	}

	private <T> T inScope(java.util.function.Supplier<T> work) {
		return this.dynamic ? PeerStacks.onReplicaGroup(work) : work.get();
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.dataSource instanceof LazyConnectionDataSourceProxy proxy) {
			BenchmarkCluster.closeAll(proxy.getTargetDataSource(), this.lazyReplica);
		}
		if (this.boot != null) {
			this.boot.close();
		}
		else {
			PeerStacks.close(this.dataSource);
		}
		this.cluster.close();
	}

}
