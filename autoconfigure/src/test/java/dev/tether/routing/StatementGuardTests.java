package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.metrics.RoutingMeters;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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

/**
 * The statement guards on the real primary: a refused statement changes nothing, a transaction
 * above the row limit rolls back completely, warn mode logs and lets through, and every violation
 * is counted in {@code tether.guard.violations}.
 */
@ExtendWith(OutputCaptureExtension.class)
class StatementGuardTests {

	private static final int ROWS = 2_000;

	private static EmbeddedReplicatedPostgres cluster;

	/** Reads the table straight from the primary, past every guard. */
	private static JdbcTemplate primary;

	private static HikariDataSource primaryPool;

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private TetherDataSource router;

	@BeforeAll
	static void cluster() {
		cluster = SharedReplicatedPostgres.get();
		primaryPool = pool(cluster.primary().jdbcUrl());
		primary = new JdbcTemplate(primaryPool);
	}

	@AfterAll
	static void closePrimary() {
		primaryPool.close();
	}

	@BeforeEach
	void freshTable() {
		primary.execute("drop table if exists guard_item");
		primary.execute("create table guard_item (id int primary key, price int not null default 100)");
		primary.update("insert into guard_item (id) select i from generate_series(1, " + ROWS + ") i");
	}

	@AfterEach
	void close() {
		if (this.router != null) {
			this.router.close();
		}
	}

	private JdbcTemplate router(StatementGuards guards, boolean withReplica) {
		TetherDataSource.Builder builder = TetherDataSource.builder(pool(cluster.primary().jdbcUrl()))
			.guards(guards)
			.listener(new RoutingMeters(this.registry, withReplica ? List.of("replica-1") : List.of()));
		if (withReplica) {
			builder.replica("replica-1", pool(cluster.replica(0).jdbcUrl()));
		}
		this.router = builder.build();
		return new JdbcTemplate(this.router);
	}

	private TransactionTemplate transactions() {
		return new TransactionTemplate(new DataSourceTransactionManager(this.router));
	}

	private static int changedRows() {
		return primary.queryForObject("select count(*) from guard_item where price <> 100", Integer.class);
	}

	private double violations(GuardRule rule, String action) {
		return this.registry.get("tether.guard.violations").tags("rule", rule.tagValue(), "action", action).counter().count();
	}

	@Test
	void anUnboundedDeleteIsRefusedBeforeItIsSentAndNoRowChanges() {
		JdbcTemplate jdbc = router(StatementGuards.defaults(), true);

		assertThatExceptionOfType(StatementGuardException.class)
			.isThrownBy(() -> jdbc.update("delete from guard_item"))
			.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(GuardRule.UNBOUNDED_DML))
			.withMessageContaining("Tether refused a DELETE without a WHERE clause")
			.withMessageContaining("Statement: delete from guard_item")
			.withMessageContaining("Nothing was sent to the database")
			.withMessageContaining("tether.guard.unbounded-dml=warn");
		assertThatExceptionOfType(StatementGuardException.class)
			.isThrownBy(() -> jdbc.update("update guard_item set price = ?", 1))
			.withMessageContaining("Tether refused an UPDATE without a WHERE clause");

		assertThat(primary.queryForObject("select count(*) from guard_item", Integer.class)).isEqualTo(ROWS);
		assertThat(changedRows()).isZero();
		assertThat(violations(GuardRule.UNBOUNDED_DML, "refused")).isEqualTo(2);
		// a WHERE, even one that matches every row, says the change is meant
		assertThat(jdbc.update("update guard_item set price = 1 where true")).isEqualTo(ROWS);
	}

	@Test
	void aRefusedStatementInATransactionRollsBackTheWholeTransaction() {
		JdbcTemplate jdbc = router(StatementGuards.defaults(), true);

		assertThatExceptionOfType(StatementGuardException.class).isThrownBy(() -> transactions().executeWithoutResult((status) -> {
			jdbc.update("update guard_item set price = 1 where id = 1");
			jdbc.update("delete from guard_item");
		}));

		assertThat(changedRows()).isZero();
		assertThat(primary.queryForObject("select count(*) from guard_item", Integer.class)).isEqualTo(ROWS);
	}

	@Test
	void plainStatementsAndTheirBatchesAreGuardedToo() throws Exception {
		router(StatementGuards.defaults(), true);
		try (Connection connection = this.router.getConnection(); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(StatementGuardException.class)
				.isThrownBy(() -> statement.executeUpdate("/* cleanup */ DELETE FROM guard_item -- where id = 1"));
			statement.addBatch("update guard_item set price = 2 where id = 2");
			assertThatExceptionOfType(StatementGuardException.class)
				.isThrownBy(() -> statement.addBatch("update guard_item set price = 3"));
			assertThat(statement.executeBatch()).containsExactly(1);
		}
		assertThat(changedRows()).isEqualTo(1);
	}

	@Test
	void withoutReplicasTheGuardsStillApplyAndNoRoutingMeterMoves() {
		JdbcTemplate jdbc = router(StatementGuards.defaults(), false);

		assertThatExceptionOfType(StatementGuardException.class).isThrownBy(() -> jdbc.update("delete from guard_item"));
		assertThat(jdbc.update("update guard_item set price = 1 where id <= 10")).isEqualTo(10);
		transactions().executeWithoutResult((status) -> jdbc.update("update guard_item set price = 1 where id = 11"));

		assertThat(changedRows()).isEqualTo(11);
		assertThat(this.registry.find("tether.routing.decisions").counters()).isNotEmpty()
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		assertThat(this.registry.get("tether.routing.acquisitions").timer().count()).isZero();
	}

	@Test
	void warnModeLogsTheUnboundedStatementAndLetsItThrough(CapturedOutput output) {
		JdbcTemplate jdbc = router(new StatementGuards(GuardAction.WARN, 0, GuardAction.FAIL), true);

		assertThat(jdbc.update("update guard_item set price = 7")).isEqualTo(ROWS);

		assertThat(changedRows()).isEqualTo(ROWS);
		assertThat(output).contains("Tether let an UPDATE without a WHERE clause through (tether.guard.unbounded-dml=warn)")
			.contains("Statement: update guard_item set price = 7");
		assertThat(violations(GuardRule.UNBOUNDED_DML, "warned")).isEqualTo(1);
		assertThat(violations(GuardRule.UNBOUNDED_DML, "refused")).isZero();
	}

	@Test
	void offModeChecksNothing() {
		JdbcTemplate jdbc = router(StatementGuards.none(), true);

		assertThat(jdbc.update("delete from guard_item")).isEqualTo(ROWS);
		assertThat(violations(GuardRule.UNBOUNDED_DML, "warned") + violations(GuardRule.UNBOUNDED_DML, "refused")).isZero();
	}

	@Test
	void aTransactionAboveTheRowLimitRollsBackCompletely() {
		JdbcTemplate jdbc = router(new StatementGuards(GuardAction.FAIL, 1_000, GuardAction.FAIL), true);

		assertThatExceptionOfType(StatementGuardException.class).isThrownBy(() -> transactions().executeWithoutResult((status) -> {
			jdbc.update("update guard_item set price = 1 where id <= 600");
			jdbc.update("update guard_item set price = 1 where id > 600 and id <= 1200");
		}))
			.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(GuardRule.MAX_ROWS))
			.withMessageContaining("it changed 1200 rows, more than tether.guard.max-rows-per-transaction=1000")
			.withMessageContaining("The transaction is rolled back");

		assertThat(changedRows()).isZero();
		assertThat(violations(GuardRule.MAX_ROWS, "refused")).isEqualTo(1);
	}

	@Test
	void aTransactionThatSwallowsTheFailureStillCannotCommitAnyOfIt() {
		JdbcTemplate jdbc = router(new StatementGuards(GuardAction.FAIL, 1_000, GuardAction.FAIL), true);

		assertThatExceptionOfType(StatementGuardException.class).isThrownBy(() -> transactions().executeWithoutResult((status) -> {
			jdbc.update("update guard_item set price = 1 where id <= 600");
			try {
				jdbc.update("update guard_item set price = 1 where id > 600 and id <= 1200");
			}
			catch (StatementGuardException ex) {
				// swallowed by careless code: later statements are refused and the commit rolls back
				assertThatExceptionOfType(StatementGuardException.class)
					.isThrownBy(() -> jdbc.update("update guard_item set price = 1 where id = 2000"))
					.withMessageContaining("can only roll back");
			}
		})).withMessageContaining("The transaction is rolled back");

		assertThat(changedRows()).isZero();
	}

	@Test
	void batchesCountTheirRowsAndEachTransactionStartsAtZero() throws Exception {
		JdbcTemplate jdbc = router(new StatementGuards(GuardAction.FAIL, 1_000, GuardAction.FAIL), true);
		// two transactions of 600 rows each: neither is above the limit
		for (int start = 0; start < 1200; start += 600) {
			int from = start;
			transactions().executeWithoutResult(
					(status) -> jdbc.update("update guard_item set price = 1 where id > ? and id <= ?", from, from + 600));
		}
		assertThat(changedRows()).isEqualTo(1200);

		// a JDBC batch of 1,100 single-row updates in one transaction is above it
		List<Object[]> ids = java.util.stream.IntStream.rangeClosed(1201, 2000).mapToObj((id) -> new Object[] { id }).toList();
		assertThatExceptionOfType(StatementGuardException.class).isThrownBy(() -> transactions().executeWithoutResult((status) -> {
			jdbc.update("update guard_item set price = 1 where id <= 300");
			jdbc.batchUpdate("update guard_item set price = 2 where id = ?", ids);
		})).withMessageContaining("it changed 1100 rows");
		assertThat(changedRows()).isEqualTo(1200);
		assertThat(primary.queryForObject("select count(*) from guard_item where price = 2", Integer.class)).isZero();
	}

	@Test
	void inAutoCommitModeAStatementAboveTheLimitIsRolledBack() throws Exception {
		router(new StatementGuards(GuardAction.FAIL, 1_000, GuardAction.FAIL), true);
		try (Connection connection = this.router.getConnection()) {
			assertThat(connection.getAutoCommit()).isTrue();
			try (PreparedStatement statement = connection.prepareStatement("update guard_item set price = ? where id <= ?")) {
				statement.setInt(1, 5);
				statement.setInt(2, 1_500);
				assertThatExceptionOfType(StatementGuardException.class).isThrownBy(statement::executeUpdate)
					.withMessageContaining("it changed 1500 rows");
				statement.setInt(2, 900);
				assertThat(statement.executeUpdate()).isEqualTo(900);
			}
			assertThat(connection.getAutoCommit()).isTrue();
		}
		// the 900-row statement committed on its own; nothing of the 1,500-row one did
		assertThat(changedRows()).isEqualTo(900);
	}

	@Test
	void warnModeLogsATransactionAboveTheLimitAndCommitsIt(CapturedOutput output) {
		JdbcTemplate jdbc = router(new StatementGuards(GuardAction.FAIL, 1_000, GuardAction.WARN), true);

		transactions().executeWithoutResult((status) -> {
			jdbc.update("update guard_item set price = 1 where id <= 800");
			jdbc.update("update guard_item set price = 1 where id > 800 and id <= 1600");
			jdbc.update("update guard_item set price = 1 where id > 1600");
		});

		assertThat(changedRows()).isEqualTo(ROWS);
		assertThat(output).contains("change 1600 rows, more than tether.guard.max-rows-per-transaction=1000"
				+ " (tether.guard.max-rows-action=warn)");
		assertThat(violations(GuardRule.MAX_ROWS, "warned")).as("reported once per transaction").isEqualTo(1);
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(cluster.username());
		pool.setPassword(cluster.password());
		pool.setMaximumPoolSize(4);
		pool.setConnectionTimeout(1000);
		return pool;
	}

}
