package dev.tether.replica;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.routing.CausalSession;
import dev.tether.routing.CausalTokens;
import dev.tether.routing.NoReplicaAvailableException;
import dev.tether.routing.PrimaryUnavailableException;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.PostgresNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Lag, health states, failover and read-your-writes against a real primary and two replicas with real faults. */
class ReplicaHealthTests {

	private static EmbeddedReplicatedPostgres cluster;

	@BeforeAll
	static void startCluster() {
		cluster = EmbeddedReplicatedPostgres.start(2);
		try (TestRouter router = new TestRouter(cluster, Duration.ofSeconds(5), ReadPolicy.defaults())) {
			router.jdbc.execute("create table ryw (id bigint primary key, value bigint not null)");
			router.jdbc.execute("create table churn (id int primary key, value bigint not null)");
			router.jdbc.execute("insert into churn values (1, 0)");
		}
		cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Test
	void causalReadsNeverSeeStaleDataWhileReadsThatFollowNoWriteStayOnReplicas() throws Exception {
		cluster.replicas().forEach((replica) -> replica.setApplyDelay(Duration.ofMillis(300)));
		try (TestRouter router = new TestRouter(cluster, Duration.ofSeconds(5), ReadPolicy.defaults())) {
			List<Integer> replicaPorts = cluster.replicas().stream().map(PostgresNode::port).toList();
			AtomicLong stale = new AtomicLong();
			AtomicLong ownReads = new AtomicLong();
			AtomicLong otherReads = new AtomicLong();
			AtomicLong otherReadsOnReplica = new AtomicLong();
			AtomicLong ids = new AtomicLong();
			runFor(Duration.ofSeconds(20), 8, () -> {
				long id = ids.incrementAndGet();
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
					router.readWrite.executeWithoutResult(
							(status) -> router.jdbc.update("insert into ryw (id, value) values (?, ?)", id, id * 10));
					Long seen = router.readOnly.execute((status) -> router.jdbc
						.query("select value from ryw where id = ?", (rs) -> rs.next() ? rs.getLong(1) : null, id));
					ownReads.incrementAndGet();
					if (seen == null || seen != id * 10) {
						stale.incrementAndGet();
					}
				}
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
					otherReads.incrementAndGet();
					if (replicaPorts.contains(router.readOnlyPort())) {
						otherReadsOnReplica.incrementAndGet();
					}
				}
			});
			System.out.printf("read-your-writes: %d own reads, %d stale; %d other reads, %d on a replica%n",
					ownReads.get(), stale.get(), otherReads.get(), otherReadsOnReplica.get());
			assertThat(ownReads.get()).isGreaterThan(100);
			assertThat(stale.get()).as("stale reads of one's own writes").isZero();
			assertThat(otherReadsOnReplica.get()).as("reads that follow no write, on a replica")
				.isGreaterThanOrEqualTo(otherReads.get() * 9 / 10);
		}
		finally {
			cluster.replicas().forEach((replica) -> replica.setApplyDelay(Duration.ZERO));
		}
	}

	@Test
	void aTokenCarriesReadYourWritesToAnotherSessionAndAMalformedOneIsIgnored() {
		cluster.replicas().forEach((replica) -> replica.setApplyDelay(Duration.ofMillis(300)));
		try (TestRouter router = new TestRouter(cluster, Duration.ofSeconds(5), ReadPolicy.defaults())) {
			CausalTokens tokens = new CausalTokens(router.dataSource);
			String token;
			try (RoutingContextHolder.Scope writer = tokens.open(null)) {
				assertThat(tokens.current()).as("nothing written yet").isNull();
				router.readWrite.executeWithoutResult(
						(status) -> router.jdbc.update("insert into ryw (id, value) values (-1, 42)"));
				token = tokens.current();
			}
			assertThat(token).isNotNull();
			try (RoutingContextHolder.Scope reader = tokens.open(token)) {
				Long seen = router.readOnly.execute((status) -> router.jdbc
					.query("select value from ryw where id = -1", (rs) -> rs.next() ? rs.getLong(1) : null));
				assertThat(seen).as("the other session reads the write the token carries").isEqualTo(42L);
			}
			try (RoutingContextHolder.Scope reader = tokens.open("not a token")) {
				assertThat(router.readOnlyPort()).isPositive();
			}
		}
		finally {
			cluster.replicas().forEach((replica) -> replica.setApplyDelay(Duration.ZERO));
		}
	}

	@Test
	void aKilledReplicaIsSkippedAndReadmittedWhileReadsKeepSucceeding() throws Exception {
		PostgresNode victim = cluster.replica(0);
		try (TestRouter router = new TestRouter(cluster, Duration.ofSeconds(5), ReadPolicy.defaults())) {
			ReplicaHealth health = router.dataSource.getMonitor().health(victim.name());
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			AtomicLong failures = new AtomicLong();
			AtomicLong reads = new AtomicLong();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService pool = Executors.newFixedThreadPool(16);
			List<Future<?>> workers = new ArrayList<>();
			java.util.Set<Integer> portsAfterKill = java.util.concurrent.ConcurrentHashMap.newKeySet();
			AtomicBoolean killed = new AtomicBoolean();
			for (int i = 0; i < 16; i++) {
				workers.add(pool.submit(() -> {
					while (running.get()) {
						try {
							boolean downBefore = killed.get() && health.state() == ReplicaState.DOWN;
							int port = router.readOnlyPort();
							reads.incrementAndGet();
							if (downBefore) {
								portsAfterKill.add(port);
							}
						}
						catch (RuntimeException ex) {
							failures.incrementAndGet();
						}
					}
				}));
			}
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > 500);
				victim.kill();
				killed.set(true);
				await().atMost(Duration.ofSeconds(5)).until(() -> health.state() == ReplicaState.DOWN);
				long readsWhileDown = reads.get();
				await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > readsWhileDown + 500);
				assertThat(portsAfterKill).as("no read reaches the dead replica once it is down").doesNotContain(victim.port());
				victim.start();
				await().atMost(Duration.ofSeconds(15)).until(() -> health.state() == ReplicaState.UP);
			}
			finally {
				running.set(false);
				for (Future<?> worker : workers) {
					worker.get(30, TimeUnit.SECONDS);
				}
				pool.shutdownNow();
			}
			java.util.Set<Integer> after = java.util.concurrent.ConcurrentHashMap.newKeySet();
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				after.add(router.readOnlyPort());
				return after.contains(victim.port());
			});
			System.out.printf("replica kill: %d reads, %d failed%n", reads.get(), failures.get());
			assertThat(failures.get()).as("failed read transactions").isZero();
		}
	}

	@Test
	void aReplicaWhoseReplayIsPausedBecomesLaggingAndGetsNoReadsUntilItResumes() throws Exception {
		PostgresNode paused = cluster.replica(1);
		try (TestRouter router = new TestRouter(cluster, Duration.ofMillis(500), ReadPolicy.defaults())) {
			ReplicaHealth health = router.dataSource.getMonitor().health(paused.name());
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			AtomicBoolean writing = new AtomicBoolean(true);
			ExecutorService churn = Executors.newSingleThreadExecutor();
			Future<?> writer = churn.submit(() -> {
				while (writing.get()) {
					router.jdbc.update("update churn set value = value + 1 where id = 1");
					java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
				}
			});
			try {
				paused.pauseReplay();
				await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.LAGGING);
				assertThat(health.status().lag()).isGreaterThan(Duration.ofMillis(500));
				for (int i = 0; i < 50; i++) {
					try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
						assertThat(router.readOnlyPort()).isNotEqualTo(paused.port());
					}
				}
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.open(RoutingContextHolder.current()
					.withSession(new CausalSession())
					.withMaxLagNanos(Duration.ofMinutes(10).toNanos()))) {
					java.util.Set<Integer> ports = new java.util.HashSet<>();
					for (int i = 0; i < 20; i++) {
						ports.add(router.readOnlyPort());
					}
					assertThat(ports).as("a read that tolerates more lag may use the lagging replica")
						.contains(paused.port());
				}
				paused.resumeReplay();
				await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			}
			finally {
				paused.resumeReplay();
				writing.set(false);
				writer.get(30, TimeUnit.SECONDS);
				churn.shutdownNow();
			}
		}
	}

	@Test
	void aLongTransactionThatWritesWithoutCommittingDoesNotMakeAKeepingUpReplicaLag() throws Exception {
		try (TestRouter router = new TestRouter(cluster, Duration.ofSeconds(1), ReadPolicy.defaults())) {
			ReplicaHealth health = router.dataSource.getMonitor().health(cluster.replica(0).name());
			await().atMost(Duration.ofSeconds(10)).until(() -> health.state() == ReplicaState.UP);
			java.util.List<ReplicaState> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
			// 2.5 s of WAL from one open transaction, about 10,000 rows/s: the last replayed commit
			// ages past max-lag (1 s) while the replica replays the WAL as it comes
			router.readWrite.executeWithoutResult((status) -> {
				long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
				int id = 1_000_000;
				while (System.nanoTime() < end) {
					router.jdbc.update("insert into ryw (id, value) select g, 0 from generate_series(?, ?) g", id, id + 49);
					id += 50;
					seen.add(health.state());
					java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
				}
				status.setRollbackOnly();
			});
			assertThat(seen).as("states seen during the transaction").isNotEmpty().containsOnly(ReplicaState.UP);
		}
	}

	@Test
	void withFallbackOffAReadFailsWhenNoReplicaQualifies() {
		ReadPolicy failFast = new ReadPolicy(ReadPolicy.ReadYourWrites.NONE, Duration.ZERO, Duration.ZERO, false);
		try (TestRouter router = new TestRouter(cluster, Duration.ofSeconds(5), failFast)) {
			ReplicaMonitor monitor = router.dataSource.getMonitor();
			monitor.replicas().forEach((replica) -> monitor.markDown(replica.name(), new IllegalStateException("test")));
			assertThatExceptionOfType(NoReplicaAvailableException.class).isThrownBy(router::readOnlyPort)
				.withMessageContaining("replica-1=DOWN")
				.withMessageContaining("tether.routing.fallback=fail");
		}
	}

	@Test
	void withThePrimaryDownWritesFailFastAndReadsContinueOnTheReplica() {
		try (EmbeddedReplicatedPostgres small = EmbeddedReplicatedPostgres.start(1);
				TestRouter router = new TestRouter(small, Duration.ofSeconds(1), ReadPolicy.defaults())) {
			router.jdbc.execute("create table primary_down (id int primary key)");
			small.awaitReplicasCaughtUp(Duration.ofSeconds(10));
			int replicaPort = small.replica(0).port();
			try (RoutingContextHolder.Scope fresh = RoutingContextHolder.openSession(new CausalSession())) {
				assertThat(router.readOnlyPort()).isEqualTo(replicaPort);
			}
			small.primary().stop();
			try {
				// a pooled connection to the dead primary fails at once with the driver's own error; once
				// the pool has dropped it, writes fail with Tether's exception within the pool's timeout
				assertThatException().isThrownBy(() -> router.readWrite.executeWithoutResult(
						(status) -> router.jdbc.update("insert into primary_down values (1)")));
				long started = System.nanoTime();
				assertThatException()
					.isThrownBy(() -> router.readWrite.executeWithoutResult(
							(status) -> router.jdbc.update("insert into primary_down values (1)")))
					.satisfies((ex) -> assertThat(ex).hasCauseInstanceOf(PrimaryUnavailableException.class)
						.hasStackTraceContaining("read-only transactions keep running on replicas"));
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the pool's connection timeout")
					.isLessThan(Duration.ofSeconds(5));
				for (int i = 0; i < 20; i++) {
					int port;
					try {
						port = router.readOnlyPort();
					}
					catch (RuntimeException ex) {
						throw new AssertionError("read " + i + " failed with " + router.dataSource.getMonitor().statuses(), ex);
					}
					assertThat(port).isEqualTo(replicaPort);
				}
				// longer than max-lag: the idle replica must not be taken for lagging while the primary is down
				ReplicaHealth health = router.dataSource.getMonitor().health(small.replica(0).name());
				await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
					.until(() -> health.state() == ReplicaState.UP);
				assertThat(router.readOnlyPort()).isEqualTo(replicaPort);
			}
			finally {
				small.primary().start();
			}
		}
	}

	private static void runFor(Duration duration, int threads, Runnable work) throws Exception {
		long deadline = System.nanoTime() + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				workers.add(pool.submit(() -> {
					while (System.nanoTime() < deadline) {
						work.run();
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
