package dev.tether.benchmarks;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;

/** A primary and a replica with a 1,000-row table, and pools configured alike for every variant. */
final class BenchmarkCluster implements AutoCloseable {

	static final int ROWS = 1000;

	final EmbeddedReplicatedPostgres cluster = EmbeddedReplicatedPostgres.start(1);

	BenchmarkCluster() {
		try (HikariDataSource primary = primaryPool("bench-setup")) {
			JdbcTemplate jdbc = new JdbcTemplate(primary);
			jdbc.execute("create table if not exists bench_item (id int primary key, name text not null)");
			jdbc.execute("insert into bench_item select i, 'item ' || i from generate_series(1, " + ROWS
					+ ") i on conflict do nothing");
		}
		this.cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));
	}

	HikariDataSource primaryPool(String name) {
		return primaryPool(name, 4);
	}

	HikariDataSource replicaPool(String name) {
		return replicaPool(name, 4);
	}

	HikariDataSource primaryPool(String name, int size) {
		return pool(name, this.cluster.primary().jdbcUrl(), size);
	}

	HikariDataSource replicaPool(String name, int size) {
		return pool(name, this.cluster.replica(0).jdbcUrl(), size);
	}

	private HikariDataSource pool(String name, String url, int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(url);
		config.setUsername(this.cluster.username());
		config.setPassword(this.cluster.password());
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		return new HikariDataSource(config);
	}

	/**
	 * Writes through the router on this thread, so this thread's later reads are causal (they must
	 * see that write), then waits until the replica monitor knows the replica has replayed it: what
	 * a read-your-writes read costs when the replica is caught up.
	 */
	static void writeThenAwaitReplay(dev.tether.routing.TetherDataSource router) {
		JdbcTemplate jdbc = new JdbcTemplate(router);
		jdbc.update("update bench_item set name = name where id = 1");
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			// a read resolves the session's position and records what the replica has replayed
			jdbc.queryForObject("select name from bench_item where id = 1", String.class);
			long replayed = router.getMonitor().replicas().iterator().next().replayPosition();
			if (replayed >= dev.tether.routing.RoutingContextHolder.session().position()) {
				return;
			}
			java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
		}
		throw new IllegalStateException("The replica did not replay the benchmark's write within 30 s");
	}

	static void closeAll(DataSource... dataSources) {
		for (DataSource dataSource : dataSources) {
			if (dataSource instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// closing at the end of a benchmark: nothing to recover
				}
			}
		}
	}

	@Override
	public void close() {
		this.cluster.close();
	}

}
