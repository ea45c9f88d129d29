package dev.tether.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.tether.routing.app.RoutingTestApplication.Node;
import dev.tether.routing.app.RoutingTestApplication.SoakService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 threads for 20 seconds mix read-only transactions, read-write transactions, locking reads,
 * {@code @ForceMaster} reads and misplaced writes, each asking the database which node answered.
 */
@SpringBootTest(classes = dev.tether.routing.app.RoutingTestApplication.class)
class RoutingSoakTests {

	private static final int THREADS = 32;

	private static final Duration DURATION = Duration.ofSeconds(20);

	private static final int ROWS = 64;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		ReplicatedPostgresProperties.register(registry);
	}

	@Autowired
	SoakService soak;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RoutingCounters counters;

	@Test
	void everyTransactionRunsWhereTheRulesSayUnderConcurrency() throws Exception {
		this.jdbc.execute("create table if not exists routing_soak (id bigint primary key, value bigint not null)");
		this.jdbc.update("delete from routing_soak where true");
		for (long id = 0; id < ROWS; id++) {
			this.jdbc.update("insert into routing_soak (id, value) values (?, 0)", id);
		}
		ReplicatedPostgresProperties.cluster().awaitReplicasCaughtUp(Duration.ofSeconds(10));
		long primaryReadsBefore = primaryReads();

		AtomicLong readOnly = new AtomicLong();
		AtomicLong readOnlyOnPrimary = new AtomicLong();
		AtomicLong writes = new AtomicLong();
		AtomicLong forced = new AtomicLong();
		AtomicLong mismatches = new AtomicLong();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		long deadline = System.nanoTime() + DURATION.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				workers.add(pool.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					while (System.nanoTime() < deadline) {
						long id = random.nextInt(ROWS);
						int pick = random.nextInt(100);
						try {
							if (pick < 50) {
								readOnly.incrementAndGet();
								if (!this.soak.readOnly(id).replica()) {
									readOnlyOnPrimary.incrementAndGet();
								}
							}
							else if (pick < 70) {
								writes.incrementAndGet();
								expectPrimary(this.soak.increment(id), "read-write", failures);
							}
							else if (pick < 80) {
								writes.incrementAndGet();
								expectPrimary(this.soak.lockThenIncrement(id), "locking read", failures);
							}
							else if (pick < 95) {
								forced.incrementAndGet();
								expectPrimary(this.soak.forcedRead(id), "@ForceMaster", failures);
							}
							else {
								try {
									this.soak.misplacedWrite(id);
									failures.add("misplaced write was not refused");
								}
								catch (ReplicaMismatchException expected) {
									mismatches.incrementAndGet();
								}
							}
						}
						catch (RuntimeException ex) {
							failures.add(ex.toString());
						}
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(DURATION.toSeconds() + 60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(failures).as("errors and misrouted transactions").isEmpty();
		assertThat(readOnly.get()).isGreaterThan(1000);
		assertThat(writes.get()).isGreaterThan(100);
		assertThat(forced.get()).isGreaterThan(100);
		assertThat(mismatches.get()).isGreaterThan(10);
		assertThat(readOnlyOnPrimary.get())
			.as("read-only transactions on the primary, each counted as a fallback or a read of the thread's own writes")
			.isEqualTo(primaryReads() - primaryReadsBefore);
		assertThat(this.jdbc.queryForObject("select count(*) from routing_soak where value < 0", Integer.class))
			.as("no refused write reached the data").isZero();
		System.out.printf("soak: %d read-only (%d fell back), %d writes, %d forced, %d refused mismatches%n",
				readOnly.get(), readOnlyOnPrimary.get(), writes.get(), forced.get(), mismatches.get());
	}

	private long primaryReads() {
		return this.counters.decisions(RoutingTarget.PRIMARY, RoutingReason.FALLBACK)
				+ this.counters.decisions(RoutingTarget.PRIMARY, RoutingReason.NO_REPLICA)
				+ this.counters.decisions(RoutingTarget.PRIMARY, RoutingReason.READ_YOUR_WRITES);
	}

	private static void expectPrimary(Node node, String what, ConcurrentLinkedQueue<String> failures) {
		if (node.replica()) {
			failures.add(what + " transaction ran on the replica");
		}
	}

}
