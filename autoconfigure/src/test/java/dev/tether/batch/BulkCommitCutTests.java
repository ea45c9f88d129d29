package dev.tether.batch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.retry.commit.HeldCommits;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.fault.Direction;
import dev.tether.test.fault.FaultProxy;
import dev.tether.test.fault.FaultProxy.Cut;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A bulk update whose chunks' connections are cut at {@code COMMIT} (by a {@link FaultProxy} in
 * front of the real primary): every row is changed exactly once all the same.
 */
class BulkCommitCutTests {

	private static final int ROWS = 1_000;

	private static final int CHUNK = 10;

	private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

	private static EmbeddedReplicatedPostgres cluster;

	private static FaultProxy proxy;

	private static TetherDataSource router;

	private static JdbcTemplate direct;

	private static BulkUpdater bulk;

	@BeforeAll
	static void connect() {
		cluster = SharedReplicatedPostgres.get();
		proxy = FaultProxy.start("127.0.0.1", cluster.primary().port());
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(proxy.rewrite(cluster.primary().jdbcUrl()));
		pool.setUsername(cluster.username());
		pool.setPassword(cluster.password());
		pool.setMaximumPoolSize(4);
		pool.setConnectionTimeout(1000);
		// the statements' text must reach the proxy: pgjdbc sends only a name once it prepared one
		pool.addDataSourceProperty("prepareThreshold", "0");
		router = TetherDataSource.builder(pool).build();
		direct = new JdbcTemplate(new DriverManagerDataSource(cluster.primary().jdbcUrl(), cluster.username(),
				cluster.password()));
		bulk = new BulkUpdater(router, null, null,
				new BulkSettings(CHUNK, CHUNK, null, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(1)));
	}

	@AfterAll
	static void close() {
		router.close();
		proxy.close();
	}

	@BeforeEach
	void freshTable() {
		proxy.heal();
		direct.execute("drop table if exists bulk_cut");
		direct.execute("create table bulk_cut (id bigint primary key, touched int not null default 0)");
		direct.update("insert into bulk_cut (id) select i from generate_series(1, " + ROWS + ") i");
	}

	/** Every chunk's commit is cut, after or before the primary received it, at random. */
	@Test
	void everyRowChangesExactlyOnceWhenEveryChunksCommitIsCut() {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		int[] cuts = new int[2];
		cutNext(random, cuts);
		BulkResult result = bulk.update("bulk_cut")
			.set("touched = touched + 1")
			.where("true")
			.onProgress((progress) -> cutNext(random, cuts))
			.execute();
		System.out.printf("cut-at-COMMIT in a bulk update: %d chunk commits cut (%d after COMMIT reached the primary,"
				+ " %d before): %d rows changed twice, %d rows not changed (seed %d)%n", cuts[0] + cuts[1], cuts[0],
				cuts[1], count("touched > 1"), count("touched = 0"), seed);
		assertThat(result.rows()).as("rows reported").isEqualTo(ROWS);
		assertThat(result.chunks()).isEqualTo(ROWS / CHUNK);
		assertThat(count("touched = 1")).as("rows changed exactly once").isEqualTo(ROWS);
	}

	@Test
	void aChunkWhoseCommitIsHeldByAPartitionStopsTheRunWithItsOutcomeUnknown() {
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.HOLD);
		// without a socket timeout on the pool, the held COMMIT would wait for TCP: end it with a reset
		Thread resetter = HeldCommits.resetOnceCommitIsHeld(proxy, cluster);
		assertThatExceptionOfType(BulkUpdateException.class)
			.isThrownBy(() -> bulk.update("bulk_cut").set("touched = touched + 1").where("true").execute())
			.withMessageContaining("whether it committed is unknown")
			.withMessageContaining("It was not run again")
			.satisfies((ex) -> assertThat(ex.getCheckpoint()).isNull());
		resetter.interrupt();
		proxy.heal();
		assertThat(count("touched > 1")).isZero();
	}

	@Test
	void theCommitOutcomeTimeoutBoundsHowLongAHeldCommitIsLookedFor() {
		// one second instead of the default ten: the run must give up after about that long
		BulkUpdater quick = new BulkUpdater(router, null, null, new BulkSettings(CHUNK, CHUNK, null,
				Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(1)));
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.HOLD);
		Thread resetter = HeldCommits.resetOnceCommitIsHeld(proxy, cluster);
		long began = System.nanoTime();
		assertThatExceptionOfType(BulkUpdateException.class)
			.isThrownBy(() -> quick.update("bulk_cut").set("touched = touched + 1").where("true").execute())
			.withMessageContaining("whether it committed is unknown");
		Duration took = Duration.ofNanos(System.nanoTime() - began);
		resetter.interrupt();
		proxy.heal();
		System.out.println("held commit, commit-outcome-timeout 1s: the run stopped after " + took.toMillis() + " ms");
		// the wait for the held COMMIT to be found (~0.3 s) plus the timeout plus one pool timeout
		// (1 s) of the last status query; with the default's 10 s it would be over 10 s
		assertThat(took).isLessThan(Duration.ofSeconds(6));
		assertThat(count("touched > 1")).isZero();
	}

	private static void cutNext(Random random, int[] cuts) {
		boolean after = random.nextBoolean();
		cuts[after ? 0 : 1]++;
		proxy.cutAt(Direction.UPSTREAM, COMMIT, after ? Cut.AFTER : Cut.BEFORE);
	}

	private static int count(String condition) {
		Integer count = direct.queryForObject("select count(*) from bulk_cut where " + condition, Integer.class);
		return (count != null) ? count : -1;
	}

}
