package dev.tether.binlog;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaHealth;
import dev.tether.routing.FallbackCause;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingListener;
import dev.tether.routing.TetherDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A router over a MySQL-family test cluster, built by hand as the application user (or another),
 * with a fast probe and short connection timeouts. Public for the tests of one database that run
 * on a cluster of their own.
 */
public final class BinlogTestRouter implements AutoCloseable {

	public final TetherDataSource dataSource;

	public final JdbcTemplate jdbc;

	public final TransactionTemplate readOnly;

	public final TransactionTemplate readWrite;

	private final BinlogFixture fixture;

	private final HikariDataSource replicaPool;

	/** The last reads that fell back from the replica, newest last, for failure messages. */
	private final Deque<String> fallbacks = new ConcurrentLinkedDeque<>();

	/** A router as the application user. */
	public BinlogTestRouter(BinlogFixture fixture, Duration maxLag, ReadPolicy policy) {
		this(fixture, maxLag, policy, fixture.username(), fixture.password());
	}

	/** A router as another user. */
	public BinlogTestRouter(BinlogFixture fixture, Duration maxLag, ReadPolicy policy, String username,
			String password) {
		this(fixture, maxLag, policy, username, password,
				"test-" + fixture.label().toLowerCase(java.util.Locale.ROOT) + "-", fixture.replicaJdbcUrl());
	}

	/**
	 * A router whose replica's URL reaches the primary, as after a failover in which a VIP or DNS
	 * name of the replica moved to the promoted node.
	 */
	public static BinlogTestRouter withReplicaUrlOfThePrimary(BinlogFixture fixture) {
		return new BinlogTestRouter(fixture, Duration.ofSeconds(1), ReadPolicy.defaults(), fixture.username(),
				fixture.password(), "test-" + fixture.label().toLowerCase(java.util.Locale.ROOT) + "-moved-",
				fixture.primaryJdbcUrl());
	}

	/**
	 * A router as the application user whose pools' names begin with the given prefix, for a test
	 * that tells this router's log lines from those of the other routers on the shared cluster.
	 */
	public static BinlogTestRouter named(BinlogFixture fixture, Duration maxLag, ReadPolicy policy, String prefix) {
		return new BinlogTestRouter(fixture, maxLag, policy, fixture.username(), fixture.password(), prefix,
				fixture.replicaJdbcUrl());
	}

	private BinlogTestRouter(BinlogFixture fixture, Duration maxLag, ReadPolicy policy, String username,
			String password, String prefix, String replicaUrl) {
		this.fixture = fixture;
		this.replicaPool = pool(fixture, replicaUrl, prefix + fixture.replicaName(), username, password);
		this.dataSource = TetherDataSource
			.builder(pool(fixture, fixture.primaryJdbcUrl(), prefix + "primary", username, password))
			.replica(fixture.replicaName(), this.replicaPool)
			.listener(new RoutingListener() {
				@Override
				public void onFallback(String replica, Throwable cause) {
					BinlogTestRouter.this.fallbacks.addLast(LocalTime.now() + " " + FallbackCause.of(cause).tagValue() + ": "
							+ cause + ((cause.getCause() != null) ? " (cause: " + cause.getCause() + ")" : ""));
					while (BinlogTestRouter.this.fallbacks.size() > 3) {
						BinlogTestRouter.this.fallbacks.pollFirst();
					}
				}
			})
			.probeInterval(Duration.ofMillis(100))
			.maxLag(maxLag)
			.readPolicy(policy)
			.build();
		this.jdbc = new JdbcTemplate(this.dataSource);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.dataSource);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.readWrite = new TransactionTemplate(transactions);
	}

	/** Which node answered a read-only transaction: its {@code @@server_id} (1 is the primary). */
	public int readOnlyServerId() {
		return this.readOnly.execute((status) -> this.jdbc.queryForObject("SELECT @@server_id", Integer.class));
	}

	/** The health of the fixture's replica. */
	public ReplicaHealth health() {
		return this.dataSource.getMonitor().health(this.fixture.replicaName());
	}

	/**
	 * What a test that waited in vain for reads on the replica reports: the replica's health, its
	 * pool's connections and the last fallbacks with their causes.
	 */
	public String diagnostics() {
		ReplicaHealth health = health();
		com.zaxxer.hikari.HikariPoolMXBean pool = this.replicaPool.getHikariPoolMXBean();
		List<String> last = new ArrayList<>(this.fallbacks);
		return "replica " + health.state() + " (" + health.status().problem() + ", lag " + health.status().lag()
				+ "); its pool: " + pool.getActiveConnections() + " active, " + pool.getIdleConnections() + " idle, "
				+ pool.getTotalConnections() + " total, " + pool.getThreadsAwaitingConnection() + " waiting; last fallbacks: "
				+ (last.isEmpty() ? "none" : String.join(" | ", last));
	}

	private static HikariDataSource pool(BinlogFixture fixture, String url, String name, String username,
			String password) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(url);
		config.setUsername(username);
		config.setPassword(password);
		config.setMaximumPoolSize(12);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(fixture.connectionTimeoutMillis());
		config.setValidationTimeout(250);
		config.setInitializationFailTimeout(-1);
		// a connect timeout, as the replica pools Tether creates have one (DriverTimeouts): without,
		// a handshake with a server that is restarting can stall the pool's single connection adder
		// for the driver's default, and every read then falls back after connectionTimeout (seen: 10 s
		// of reads on the primary after a MariaDB replica came back, and "Timed-out waiting for add
		// connection executor to shutdown" at close); in milliseconds for MySQL's and MariaDB's drivers
		config.addDataSourceProperty("connectTimeout", "2000");
		return new HikariDataSource(config);
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
