package dev.tether.mariadb;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.batch.BulkSettings;
import dev.tether.batch.BulkUpdateException;
import dev.tether.batch.BulkUpdateListener;
import dev.tether.batch.BulkUpdater;
import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.routing.TetherDataSource;
import dev.tether.routing.UnansweredCommitException;
import dev.tether.test.fault.Direction;
import dev.tether.test.fault.FaultProxy;
import dev.tether.test.fault.FaultProxy.Cut;
import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A chunk's commit cut on the real MariaDB primary: MariaDB names a transaction's GTID only in the
 * commit's answer, which is what was lost, so the outcome stays unknown and the chunk is not run
 * again.
 */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbCommitCutTests {

	/**
	 * The whole COM_QUERY packet of {@code COMMIT} (length 7, sequence 0, command 3, the text): the
	 * text alone also matches the chunk's {@code READ COMMITTED}.
	 */
	private static final byte[] COMMIT_PACKET = { 7, 0, 0, 0, 3, 'C', 'O', 'M', 'M', 'I', 'T' };

	private static EmbeddedReplicatedMariaDb cluster;

	private static FaultProxy proxy;

	private static TetherDataSource router;

	private static JdbcTemplate direct;

	@BeforeAll
	static void connect(EmbeddedReplicatedMariaDb mariadb) {
		cluster = mariadb;
		proxy = FaultProxy.start("127.0.0.1", mariadb.primary().port());
		router = TetherDataSource.builder(pool(proxy.rewrite(mariadb.primary().jdbcUrl()))).build();
		HikariDataSource straight = pool(mariadb.primary().jdbcUrl());
		direct = new JdbcTemplate(straight);
		direct.execute("DROP TABLE IF EXISTS mdb_commit_cut");
		direct.execute("CREATE TABLE mdb_commit_cut (id BIGINT PRIMARY KEY, touched INT NOT NULL DEFAULT 0) ENGINE=InnoDB");
		direct.update("INSERT INTO mdb_commit_cut (id) VALUES (1), (2), (3), (4)");
	}

	@AfterAll
	static void close() {
		if (router != null) {
			router.close();
		}
		if (proxy != null) {
			proxy.close();
		}
		if (direct != null) {
			((HikariDataSource) direct.getDataSource()).close();
		}
	}

	@Test
	void aChunkWhoseCommitReachedThePrimaryIsNotRunAgainButReportedAsUnknown() {
		BulkUpdater bulk = new BulkUpdater(router, null, new BulkUpdateListener() {
		}, new BulkSettings(10, 10, null, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(1)));
		proxy.cutAt(Direction.UPSTREAM, COMMIT_PACKET, Cut.AFTER);
		BulkUpdateException failure = catchThrowableOfType(BulkUpdateException.class,
				() -> bulk.update("mdb_commit_cut").set("touched = touched + 1").where("1 = 1").execute());
		assertThat(failure).as("thrown").isNotNull()
			.hasMessageContaining("whether it committed is unknown")
			.hasMessageContaining("MySQL/MariaDB offers no way to look a transaction up");
		assertThat(ConflictClassifier.classify(failure)).isEqualTo(ConflictKind.COMMIT_OUTCOME_UNKNOWN);
		assertThat(failure).hasCauseInstanceOf(UnansweredCommitException.class);
		proxy.heal();
		// the cut let COMMIT through: the chunk committed once, and only once
		assertThat(direct.queryForObject("SELECT COUNT(*) FROM mdb_commit_cut WHERE touched = 1", Integer.class))
			.isEqualTo(4);
		assertThat(direct.queryForObject("SELECT COUNT(*) FROM mdb_commit_cut WHERE touched > 1", Integer.class))
			.isZero();
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(cluster.username());
		pool.setPassword(cluster.password());
		pool.setMaximumPoolSize(2);
		pool.setConnectionTimeout(2000);
		return pool;
	}

}
