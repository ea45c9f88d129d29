package dev.tether.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.tether.routing.RoutingAutoConfiguration;
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

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Boot 4.1's {@code spring.datasource.connection-fetch=lazy} with and without Tether, each stack
 * wired by Boot's auto-configuration: Boot's eager pool, Boot's lazy proxy, Tether as the starter
 * configures it, and Tether with {@code connection-fetch=lazy} (Boot's proxy then sits behind the
 * router, on the primary: its post-processor is ordered, Tether's is not). A one-statement
 * transaction, read-only (Tether: on the replica) or read-write (on the primary).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ConnectionFetchBenchmark {

	@Param({ "boot", "boot+lazy", "tether", "tether+lazy" })
	public String stack;

	@Param({ "read-only", "read-write" })
	public String transaction;

	private BenchmarkCluster cluster;

	private AnnotationConfigApplicationContext context;

	private JdbcTemplate jdbc;

	private TransactionTemplate template;

	@Setup(Level.Trial)
	public void start() {
		this.cluster = new BenchmarkCluster();
		this.context = context(this.cluster, this.stack);
		DataSource dataSource = this.context.getBean(DataSource.class);
		this.jdbc = new JdbcTemplate(dataSource);
		this.template = new TransactionTemplate(this.context.getBean(PlatformTransactionManager.class));
		this.template.setReadOnly(this.transaction.equals("read-only"));
		Boolean replica = this.template.execute((status) -> this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class));
		boolean expected = this.stack.startsWith("tether") && this.transaction.equals("read-only");
		if (!Boolean.valueOf(expected).equals(replica)) {
			throw new IllegalStateException(this.stack + " " + this.transaction + " answered on the wrong node");
		}
	}

	@Benchmark
	public String oneStatementTransaction() {
		int id = ThreadLocalRandom.current().nextInt(1, BenchmarkCluster.ROWS + 1);
		return this.template.execute(
				(status) -> this.jdbc.queryForObject("select name from bench_item where id = ?", String.class, id));
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		this.cluster.close();
	}

	/** A context of {@code stack} ({@code boot}, {@code boot+lazy}, {@code tether}, {@code tether+lazy}) on the cluster. */
	static AnnotationConfigApplicationContext context(BenchmarkCluster cluster, String stack) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", cluster.cluster.primary().jdbcUrl());
		properties.put("spring.datasource.username", cluster.cluster.username());
		properties.put("spring.datasource.password", cluster.cluster.password());
		properties.put("spring.datasource.hikari.pool-name", stack);
		properties.put("spring.datasource.hikari.maximum-pool-size", "4");
		properties.put("spring.datasource.hikari.minimum-idle", "4");
		properties.put("tether.replicas.replica-1.url", cluster.cluster.replica(0).jdbcUrl());
		properties.put("tether.replicas.replica-1.pool.maximum-pool-size", "4");
		properties.put("tether.replicas.replica-1.pool.minimum-idle", "4");
		properties.put("tether.routing.enabled", Boolean.toString(stack.startsWith("tether")));
		if (stack.endsWith("+lazy")) {
			properties.put("spring.datasource.connection-fetch", "lazy");
		}
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchmark", properties));
		context.register(Stack.class);
		context.refresh();
		return context;
	}

	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			RoutingAutoConfiguration.class })
	static class Stack {

	}

}
