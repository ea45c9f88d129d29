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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read-only transaction of {@link ReadOnlyTransactionBenchmark} from 64 threads over pools of 10
 * connections (the replica's, and the primary's where a stack has one): throughput when threads
 * queue for connections, where a router that holds a connection longer, or takes one it does not
 * need, shows at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(64)
public class ContendedPoolBenchmark {

	private static final int POOL_SIZE = 10;

	@Param({ "hikari", "lazy-proxy", "tether", "dynamic-datasource", "shardingsphere" })
	public String stack;

	private BenchmarkCluster cluster;

	private DataSource dataSource;

	private DataSource lazyReplica;

	private JdbcTemplate jdbc;

	private TransactionTemplate transaction;

	private boolean dynamic;

	@Setup(Level.Trial)
	public void start() {
		this.cluster = new BenchmarkCluster();
		this.dataSource = switch (this.stack) {
			case "hikari" -> this.cluster.replicaPool("replica", POOL_SIZE);
			case "lazy-proxy" -> {
				this.lazyReplica = this.cluster.replicaPool("replica", POOL_SIZE);
				LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(
						this.cluster.primaryPool("primary", POOL_SIZE));
				proxy.setReadOnlyDataSource(this.lazyReplica);
				yield proxy;
			}
			case "tether" -> TetherDataSource.builder(this.cluster.primaryPool("primary", POOL_SIZE))
				.replica("replica-1", this.cluster.replicaPool("replica", POOL_SIZE))
				.build();
			case "dynamic-datasource" -> PeerStacks.dynamicDatasource(this.cluster, "dynamic", POOL_SIZE);
			case "shardingsphere" -> PeerStacks.shardingSphere(this.cluster, "sharding", POOL_SIZE);
			default -> throw new IllegalArgumentException(this.stack);
		};
		this.dynamic = this.stack.equals("dynamic-datasource");
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.transaction.setReadOnly(true);
	}

	@Benchmark
	public String readOnlyTransaction() {
		int id = ThreadLocalRandom.current().nextInt(1, BenchmarkCluster.ROWS + 1);
		if (this.dynamic) {
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

	@TearDown(Level.Trial)
	public void stop() {
		if (this.dataSource instanceof LazyConnectionDataSourceProxy proxy) {
			BenchmarkCluster.closeAll(proxy.getTargetDataSource(), this.lazyReplica);
		}
		PeerStacks.close(this.dataSource);
		this.cluster.close();
	}

}
