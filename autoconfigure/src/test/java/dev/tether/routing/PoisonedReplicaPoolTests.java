package dev.tether.routing;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.tether.replica.ReplicaState;
import dev.tether.test.fault.Direction;
import dev.tether.test.fault.FaultProxy;
import dev.tether.test.fault.FaultProxy.Cut;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A replica pool whose first connection broke while HikariCP read the server's default transaction
 * isolation (HikariCP issue #1944: the level stays -1, and every later connection fails at
 * {@code setTransactionIsolation(-1)}), on the real replica behind a {@link FaultProxy} that cuts
 * pgjdbc's {@code SHOW TRANSACTION ISOLATION LEVEL} once. The cause of a CI failure: a MariaDB
 * replica killed while its test pool made its first connection never served a read again.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoisonedReplicaPoolTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private static final byte[] ISOLATION_QUERY = "SHOW TRANSACTION ISOLATION LEVEL".getBytes(StandardCharsets.US_ASCII);

	private FaultProxy proxy;

	private HikariDataSource primary;

	private HikariDataSource replica;

	private RenewableReplicaPool created;

	@BeforeEach
	void proxy() {
		this.proxy = FaultProxy.start("127.0.0.1", cluster.replica(0).port());
		this.primary = pool(cluster.primary().jdbcUrl());
	}

	@AfterEach
	void close() {
		if (this.replica != null) {
			this.replica.close();
		}
		if (this.created != null) {
			this.created.close();
		}
		this.primary.close();
		this.proxy.close();
	}

	@Test
	void anApplicationsOwnPoolLeftUnableToSetUpConnectionsIsHeldDownAtOnceAndNamedWithTheFix(
			CapturedOutput output) throws SQLException {
		// a pool the application built and gave the router: not Tether's to replace
		this.replica = pool(this.proxy.rewrite(cluster.replica(0).jdbcUrl()));
		cutFirstConnection(this.replica, output);
		// what HikariCP does to the pool (so this test fails, and says so, once HikariCP fixes it)
		assertThatExceptionOfType(SQLException.class).as("HikariCP issue #1944 is still open")
			.isThrownBy(() -> this.replica.getConnection().close())
			.satisfies((ex) -> assertThat(String.valueOf(ex.getCause())).contains("isolation level -1"));
		try (TetherDataSource router = TetherDataSource.builder(this.primary)
			.replica("replica-1", this.replica)
			.probeInterval(Duration.ofMillis(200))
			.build()) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> router.getMonitor().health("replica-1").state() == ReplicaState.UP);
			assertThat(readOnlyIsReplica(router)).as("the read moved to the primary").isFalse();
			assertThat(router.getMonitor().health("replica-1").state())
				.as("down at once, so that the next reads do not wait for the pool too")
				.isEqualTo(ReplicaState.DOWN);
			// and kept down: the probe, whose own pool is fine, does not readmit it round after round
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
				.until(() -> router.getMonitor().health("replica-1").state() == ReplicaState.DOWN);
			assertThat(router.getMonitor().health("replica-1").status().problem()).contains("HikariCP issue #1944",
					"restart the application");
			long start = System.nanoTime();
			assertThat(readOnlyIsReplica(router)).isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for the pool's connection timeout")
				.isLessThan(Duration.ofMillis(500));
		}
		assertThat(output.getAll().split("Replica 'replica-1': its HikariCP pool", -1)).as("said once").hasSize(2);
		assertThat(output.getAll().split("Replica 'replica-1' is DOWN", -1)).as("logged DOWN once, and never UP again")
			.hasSize(2);
		assertThat(output).doesNotContain("Replica 'replica-1' is UP (was DOWN)");
		assertThat(output).contains("Replica 'replica-1': its HikariCP pool cannot set up new connections",
				"spring.datasource.hikari.transaction-isolation")
			.doesNotContain(cluster.password());
	}

	@Test
	void aReplicaPoolOfTetherTakesThePrimarysIsolationAndSoCannotBeLeftSo(CapturedOutput output) throws SQLException {
		// the application sets an isolation on its pool (Spring Boot sets none by default: that is
		// the test above); the replica pools Tether creates take it
		this.primary.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
		ReplicaSpec spec = new ReplicaSpec(this.proxy.rewrite(cluster.replica(0).jdbcUrl()), null, null, 1, 2, 0,
				Duration.ofMillis(500), ReplicaSpec.DEFAULT_IDLE_TIMEOUT, ReplicaSpec.DEFAULT_MAX_LIFETIME);
		this.created = createdPool(spec);
		assertThat(this.created.current().getTransactionIsolation()).isEqualTo("TRANSACTION_READ_COMMITTED");
		cutFirstConnection(this.created.current(), output);
		try (Connection connection = this.created.getConnection();
				java.sql.Statement statement = connection.createStatement();
				java.sql.ResultSet result = statement.executeQuery("select pg_is_in_recovery()")) {
			result.next();
			assertThat(result.getBoolean(1)).as("a connection of the replica, after the cut").isTrue();
			assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
		}
	}

	@Test
	void aReplicaPoolOfTetherLeftSoIsReplacedAndTheReplicaServesReadsAgainUnderTheSameMeters(CapturedOutput output)
			throws SQLException {
		// Spring Boot's default: no isolation on the primary's pool, so none on the replica's
		this.created = createdPool(new ReplicaSpec(this.proxy.rewrite(cluster.replica(0).jdbcUrl()), null, null, 1, 2, 0,
				Duration.ofMillis(500), ReplicaSpec.DEFAULT_IDLE_TIMEOUT, ReplicaSpec.DEFAULT_MAX_LIFETIME));
		assertThat(this.created.current().getTransactionIsolation()).isNull();
		MeterRegistry registry = new SimpleMeterRegistry();
		// as ReplicaPoolMetrics binds a replica pool of the application's context
		this.created.current().setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
		HikariDataSource poisoned = this.created.current();
		cutFirstConnection(poisoned, output);
		assertThatExceptionOfType(SQLException.class).as("HikariCP issue #1944 is still open")
			.isThrownBy(() -> poisoned.getConnection().close());
		try (TetherDataSource router = TetherDataSource.builder(this.primary)
			.replica("replica-1", this.created)
			.probeInterval(Duration.ofMillis(200))
			.build()) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> router.getMonitor().health("replica-1").state() == ReplicaState.UP);
			assertThat(readOnlyIsReplica(router)).as("the read that found the pool so moved to the primary").isFalse();
			// (not the health's problem: the replacement and the probe's next round may be over)
			await().atMost(Duration.ofSeconds(10)).until(() -> this.created.current() != poisoned);
			assertThat(poisoned.isClosed()).isTrue();
			// readmitted by the probe, as after any connection failure, and served by the new pool
			await().atMost(Duration.ofSeconds(10)).until(() -> readOnlyIsReplica(router));
			assertThat(router.getMonitor().health("replica-1").state()).isEqualTo(ReplicaState.UP);
			assertThat(this.created.current().getPoolName()).isEqualTo("tether-replica-replica-1");
			assertThat(registry.get("hikaricp.connections").tag("pool", "tether-replica-replica-1").gauge().value())
				.as("the pool's meters go on, now the new pool's").isGreaterThanOrEqualTo(1);
			assertThat(registry.find("hikaricp.connections").gauges()).hasSize(1);
		}
		// held down while the pool was replaced: readmitted only once the hold ended
		String log = output.getAll();
		int down = log.indexOf("Replica 'replica-1' is DOWN (was UP): " + ReplicaFailover.RENEWING);
		int replaced = log.indexOf("Replaced HikariCP pool tether-replica-replica-1");
		int released = log.indexOf("Replica 'replica-1' may be readmitted by its probe again");
		int up = log.indexOf("Replica 'replica-1' is UP (was DOWN)");
		assertThat(down).as("down, and why").isNotNegative();
		assertThat(replaced).isGreaterThan(down);
		assertThat(released).isGreaterThan(replaced);
		assertThat(up).as("readmitted after the hold, not during the replacement").isGreaterThan(released);
		assertThat(output).contains("Tether replaces the pool with a new one")
			.doesNotContain("restart the application")
			.doesNotContain(cluster.password());
	}

	@Test
	void theProbesOwnPoolIsNotLeftSoAndTheReplicaComesUp(CapturedOutput output) {
		this.replica = pool(this.proxy.rewrite(cluster.replica(0).jdbcUrl()));
		// the first connection through the proxy is the probe's (the replica's pool opens its
		// first at the first read)
		this.proxy.cutAt(Direction.UPSTREAM, ISOLATION_QUERY, Cut.BEFORE);
		try (TetherDataSource router = TetherDataSource.builder(this.primary)
			.replica("replica-1", this.replica)
			.probeInterval(Duration.ofMillis(200))
			.build()) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.getAll().contains("tether-probe-replica-1 - Default transaction isolation level detection failed"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> router.getMonitor().health("replica-1").state() == ReplicaState.UP);
			assertThat(readOnlyIsReplica(router)).as("answered by the replica").isTrue();
		}
	}

	/**
	 * Cuts the pool's first connection where HikariCP asks for the default isolation, then heals;
	 * HikariCP says that it swallowed the failure.
	 */
	private void cutFirstConnection(HikariDataSource pool, CapturedOutput output) {
		this.proxy.cutAt(Direction.UPSTREAM, ISOLATION_QUERY, Cut.BEFORE);
		try (Connection connection = pool.getConnection()) {
			// a pool with a level set retried and got a connection: the test below
		}
		catch (SQLException ex) {
			// a pool without one: the test above
		}
		finally {
			this.proxy.heal();
		}
		assertThat(output).as("the cut hit HikariCP's detection")
			.contains("Default transaction isolation level detection failed");
	}

	private RenewableReplicaPool createdPool(ReplicaSpec spec) {
		return (RenewableReplicaPool) ReplicaPools.create(Map.of("replica-1", spec), this.primary, new RoutingListener() {
		}).get(0).dataSource();
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(cluster.username());
		pool.setPassword(cluster.password());
		pool.setMaximumPoolSize(2);
		pool.setMinimumIdle(0);
		pool.setConnectionTimeout(500);
		pool.setInitializationFailTimeout(-1);
		return pool;
	}

	private static boolean readOnlyIsReplica(DataSource router) {
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(router));
		readOnly.setReadOnly(true);
		return readOnly.execute(
				(status) -> new JdbcTemplate(router).queryForObject("select pg_is_in_recovery()", Boolean.class));
	}

}
