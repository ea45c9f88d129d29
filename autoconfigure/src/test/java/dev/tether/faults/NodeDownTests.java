package dev.tether.faults;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.tether.replica.ReplicaState;
import dev.tether.routing.NodeDownException;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.fault.Direction;
import dev.tether.test.fault.FaultProxy;
import dev.tether.test.fault.FaultProxy.Cut;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tether.faults.FaultFixtures.DETECTION;
import static dev.tether.faults.FaultFixtures.PRIMARY_DETECTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work that is not a read's first statement, on a node that hangs while the work holds a
 * connection there: the probe marks the node DOWN and aborts the connection, and the work fails
 * with a {@link NodeDownException} that names the node and the probe's verdict, within the
 * detection time and a margin, instead of the driver's bare I/O error (or a wait for TCP). Real
 * embedded PostgreSQL nodes behind {@link FaultProxy} blackholes, as in {@link HungNodeTests}, with
 * Tether's default detection; each test heals its proxies. The margin is {@link HungNodeTests}'s:
 * the build machine runs other builds.
 */
@ExtendWith(OutputCaptureExtension.class)
class NodeDownTests {

	/** What a loaded 2-core machine may add to a thread's wake-up (see HungNodeTests#READ_BOUND). */
	private static final Duration MARGIN = Duration.ofMillis(3000);

	private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

	private static EmbeddedReplicatedPostgres cluster;

	private FaultProxy primaryProxy;

	private FaultProxy replicaProxy;

	private final ExecutorService worker = Executors.newSingleThreadExecutor();

	@BeforeAll
	static void createTable() throws SQLException {
		cluster = SharedReplicatedPostgres.get();
		FaultFixtures.createTable(cluster, "node_down_items", "label text");
	}

	@BeforeEach
	void startProxies() {
		this.primaryProxy = FaultProxy.start("127.0.0.1", cluster.primary().port());
		this.replicaProxy = FaultProxy.start("127.0.0.1", cluster.replica(0).port());
	}

	@AfterEach
	void stopProxies() throws InterruptedException {
		// heal first: a worker still waiting on a blackhole gets its answer and ends
		this.primaryProxy.heal();
		this.replicaProxy.heal();
		this.worker.shutdownNow();
		assertThat(this.worker.awaitTermination(20, TimeUnit.SECONDS)).as("the worker ended").isTrue();
		this.primaryProxy.close();
		this.replicaProxy.close();
	}

	@Test
	void aReadInItsSecondStatementWhenTheReplicaHangsFailsNamingTheReplicaAndTheNextReadRunsOnThePrimary(
			CapturedOutput output) throws Exception {
		run((app) -> {
			AtomicBoolean firstOnReplica = new AtomicBoolean();
			CountDownLatch firstDone = new CountDownLatch(1);
			Future<Object> read = submit(() -> app.reads.execute((status) -> {
				firstOnReplica.set(app.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class));
				firstDone.countDown();
				// in flight when the replica hangs: its answer never comes through the blackhole (a
				// prepared statement: the plain statements' path is the primary's test below)
				return app.jdbc.queryForObject("select 1 from pg_sleep(?)", Integer.class, 1);
			}));
			assertThat(firstDone.await(10, TimeUnit.SECONDS)).as("first statement ran").isTrue();
			Thread.sleep(200);
			long hung = System.nanoTime();
			this.replicaProxy.blackhole(Direction.UPSTREAM).blackhole(Direction.DOWNSTREAM);
			Throwable failure = failureOf(read, DETECTION.plus(MARGIN));
			Duration took = Duration.ofNanos(System.nanoTime() - hung);
			System.out.println("second statement of a read on a hung replica failed after " + took.toMillis() + " ms");
			assertThat(firstOnReplica).as("the first statement ran on the replica").isTrue();
			// Spring's own translation: a resource failure, and the rollback threw nothing of its own
			assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class);
			NodeDownException down = (NodeDownException) failure.getCause();
			System.out.println(down.getMessage());
			assertThat(down.getNode()).isEqualTo("replica 'replica-1'");
			assertThat(down.getSQLState()).isEqualTo("08006");
			assertThat(down.isCommitOutcomeUnknown()).isFalse();
			assertThat((Throwable) down).hasMessageStartingWith("Replica 'replica-1' stopped answering and was marked DOWN")
				.hasMessageContaining("no answer to 2 probes in a row of 400 ms each")
				.hasMessageContaining("aborted the connection that com.example.Shop.list used there")
				.hasMessageContaining("the transaction is rolled back")
				.hasMessageContaining("Run it again")
				.hasMessageNotContaining(cluster.password());
			assertThat(down.getCause()).as("the driver's exception").isInstanceOf(SQLException.class)
				.isNotInstanceOf(NodeDownException.class);
			assertThat(took).as("time from the hang to the failure").isLessThan(DETECTION.plus(MARGIN));
			assertThat(app.router.getMonitor().health("replica-1").state()).isEqualTo(ReplicaState.DOWN);
			// the replica's pool saw the driver's class-08 failure first, and evicted the connection
			assertThat(output.getAll()).containsPattern("tether-replica-replica-1 - Connection \\S+ marked as broken");

			long began = System.nanoTime();
			Boolean onReplica = app.reads.execute((status) -> app.jdbc.queryForObject("select pg_is_in_recovery()",
					Boolean.class));
			assertThat(onReplica).as("the next read-only transaction ran on a replica").isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - began)).as("the next read").isLessThan(MARGIN);
		});
	}

	@Test
	void aWriteInItsSecondStatementWhenThePrimaryHangsFailsNamingThePrimaryAndReadsKeepRunning(CapturedOutput output)
			throws Exception {
		run((app) -> {
			CountDownLatch firstDone = new CountDownLatch(1);
			Future<Object> write = submit(() -> app.writes.execute((status) -> {
				app.jdbc.update("insert into node_down_items (label) values ('second-statement')");
				firstDone.countDown();
				return app.jdbc.queryForObject("select 1 from pg_sleep(1)", Integer.class);
			}));
			assertThat(firstDone.await(10, TimeUnit.SECONDS)).as("first statement ran").isTrue();
			Thread.sleep(200);
			long hung = System.nanoTime();
			this.primaryProxy.blackhole(Direction.UPSTREAM).blackhole(Direction.DOWNSTREAM);
			Throwable failure = failureOf(write, PRIMARY_DETECTION.plus(MARGIN));
			Duration took = Duration.ofNanos(System.nanoTime() - hung);
			System.out.println("second statement of a write on a hung primary failed after " + took.toMillis() + " ms");
			assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class);
			NodeDownException down = (NodeDownException) failure.getCause();
			assertThat(down.getNode()).isEqualTo("the primary");
			assertThat((Throwable) down).hasMessageStartingWith("The primary stopped answering and was marked DOWN")
				.hasMessageContaining("no answer to 3 probes in a row of 400 ms each")
				.hasMessageContaining("the transaction is rolled back")
				.hasMessageContaining("PrimaryUnavailableException");
			assertThat(took).as("time from the hang to the failure").isLessThan(PRIMARY_DETECTION.plus(MARGIN));
			assertThat(output.getAll()).containsPattern("tether-primary - Connection \\S+ marked as broken");

			Boolean onReplica = app.reads.execute((status) -> app.jdbc.queryForObject("select pg_is_in_recovery()",
					Boolean.class));
			assertThat(onReplica).as("a read-only transaction keeps running on the replica").isTrue();
		});
	}

	@Test
	void aTransactionIdleOnAReplicaThatTurnedDownFailsItsNextStatementAtOnce() throws Exception {
		run((app) -> {
			CountDownLatch firstDone = new CountDownLatch(1);
			CountDownLatch resume = new CountDownLatch(1);
			long[] secondTook = new long[1];
			Future<Object> read = submit(() -> app.reads.execute((status) -> {
				app.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class);
				firstDone.countDown();
				await(resume);
				long began = System.nanoTime();
				try {
					// prepared on the aborted connection
					return app.jdbc.queryForObject("select ?::int", Integer.class, 1);
				}
				finally {
					secondTook[0] = System.nanoTime() - began;
				}
			}));
			assertThat(firstDone.await(10, TimeUnit.SECONDS)).as("first statement ran").isTrue();
			this.replicaProxy.blackhole(Direction.UPSTREAM).blackhole(Direction.DOWNSTREAM);
			awaitState(app.router, "replica-1", ReplicaState.DOWN, DETECTION.plus(MARGIN));
			// the abort runs right after the state changes, on the probe's thread
			Thread.sleep(200);
			resume.countDown();
			Throwable failure = failureOf(read, MARGIN);
			assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class);
			assertThat(failure.getCause()).isInstanceOf(NodeDownException.class)
				.hasMessageStartingWith("Replica 'replica-1' stopped answering");
			// the aborted connection fails at once; without the abort the statement would wait on the blackhole
			assertThat(Duration.ofNanos(secondTook[0])).as("the second statement").isLessThan(Duration.ofSeconds(1));
		});
	}

	@Test
	void aCommitOnAPrimaryThatTurnedDownWhileTheTransactionWasIdleIsNotSentAndSaysSo() throws Exception {
		run((app) -> {
			CountDownLatch firstDone = new CountDownLatch(1);
			CountDownLatch resume = new CountDownLatch(1);
			Future<Object> write = submit(() -> app.writes.execute((status) -> {
				app.jdbc.update("insert into node_down_items (label) values ('idle-then-commit')");
				firstDone.countDown();
				await(resume);
				return null;
			}));
			assertThat(firstDone.await(10, TimeUnit.SECONDS)).as("first statement ran").isTrue();
			this.primaryProxy.blackhole(Direction.UPSTREAM).blackhole(Direction.DOWNSTREAM);
			awaitState(app.router, null, ReplicaState.DOWN, PRIMARY_DETECTION.plus(MARGIN));
			Thread.sleep(200);
			resume.countDown();
			Throwable failure = failureOf(write, MARGIN);
			// DataSourceTransactionManager reports a failed commit as a TransactionSystemException
			assertThat(failure).isInstanceOf(TransactionSystemException.class);
			NodeDownException down = (NodeDownException) failure.getCause();
			assertThat(down.isCommitOutcomeUnknown()).isFalse();
			assertThat(down.getSQLState()).isEqualTo("08006");
			assertThat((Throwable) down).hasMessageStartingWith("The primary stopped answering")
				.hasMessageContaining("COMMIT was not sent: the transaction is rolled back");
			this.primaryProxy.heal();
			awaitState(app.router, null, ReplicaState.UP, Duration.ofSeconds(10));
			assertThat(app.jdbc.queryForObject("select count(*) from node_down_items where label = 'idle-then-commit'",
					Long.class)).as("rows of the transaction").isZero();
		});
	}

	@Test
	void aCommitInFlightWhenThePrimaryHangsFailsSayingItsOutcomeIsUnknown() throws Exception {
		run((app) -> {
			// the COMMIT reaches the proxy and is held there; from then on nothing reaches the primary
			this.primaryProxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.HOLD);
			long began = System.nanoTime();
			Future<Object> write = submit(() -> app.writes.execute((status) -> app.jdbc
				.update("insert into node_down_items (label) values ('commit-in-flight')")));
			Throwable failure = failureOf(write, PRIMARY_DETECTION.plus(MARGIN));
			Duration took = Duration.ofNanos(System.nanoTime() - began);
			System.out.println("commit in flight on a hung primary failed after " + took.toMillis() + " ms");
			assertThat(failure).isInstanceOf(TransactionSystemException.class);
			NodeDownException down = (NodeDownException) failure.getCause();
			assertThat(down.isCommitOutcomeUnknown()).isTrue();
			// SQL's "transaction resolution unknown", class 08 still
			assertThat(down.getSQLState()).isEqualTo("08007");
			assertThat((Throwable) down).hasMessageStartingWith("The primary stopped answering")
				.hasMessageContaining("Its COMMIT had been sent and was not answered")
				.hasMessageContaining("may or may not have committed")
				.hasMessageNotContaining("rolled back");
			assertThat(took).as("time from the commit to the failure").isLessThan(PRIMARY_DETECTION.plus(MARGIN));
		});
	}

	private <T> Future<T> submit(Callable<T> work) {
		return this.worker.submit(work);
	}

	/** What the work threw, within the given time; fails the test when it returned or still runs. */
	private static Throwable failureOf(Future<?> work, Duration within) throws InterruptedException {
		try {
			Object result = work.get(within.toMillis(), TimeUnit.MILLISECONDS);
			throw new AssertionError("the work returned " + result + " instead of failing");
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new AssertionError("the work still waited after " + within.toMillis() + " ms");
		}
	}

	/** Waits for a node's state; {@code name} {@code null} for the primary. */
	private static void awaitState(TetherDataSource router, String name, ReplicaState state, Duration within)
			throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (stateOf(router, name) != state) {
			assertThat(System.nanoTime() - deadline).as((name != null ? name : "primary") + " turns " + state)
				.isNegative();
			Thread.sleep(20);
		}
	}

	private static ReplicaState stateOf(TetherDataSource router, String name) {
		return ((name != null) ? router.getMonitor().health(name) : router.getMonitor().primaryHealth()).state();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run(Scenario scenario) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.primaryProxy.rewrite(cluster.primary().jdbcUrl()),
					"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
					// pgjdbc sends a statement's text until it prepares it on the server (after 5 runs by
					// default); then COMMIT would go by name and the proxy's cut could not see it
					"spring.datasource.hikari.data-source-properties.prepareThreshold=0",
					"tether.replicas.replica-1.url=" + this.replicaProxy.rewrite(cluster.replica(0).jdbcUrl()))
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				App app = new App(dataSource);
				// the first probe round has found both nodes UP before the fault
				awaitState(app.router, null, ReplicaState.UP, Duration.ofSeconds(10));
				awaitState(app.router, "replica-1", ReplicaState.UP, Duration.ofSeconds(10));
				try {
					scenario.run(app);
				}
				finally {
					// before the context closes: a pool that shuts down waits for its connection
					// attempts, which a blackhole holds for 30 s
					this.primaryProxy.heal();
					this.replicaProxy.heal();
				}
			});
	}

	interface Scenario {

		void run(App app) throws Exception;

	}

	/** What a user's application holds: the routed data source, templates over it. */
	static final class App {

		final TetherDataSource router;

		final JdbcTemplate jdbc;

		final TransactionTemplate writes;

		final TransactionTemplate reads;

		App(DataSource dataSource) throws SQLException {
			this.router = dataSource.unwrap(TetherDataSource.class);
			this.jdbc = new JdbcTemplate(dataSource);
			this.writes = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			this.reads = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			this.reads.setReadOnly(true);
			// as @Transactional names its transaction after the method
			this.writes.setName("com.example.Shop.order");
			this.reads.setName("com.example.Shop.list");
		}

	}

}
