package dev.tether.retry.commit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;

import dev.tether.retry.CommitOutcomeUnknownException;
import dev.tether.retry.ConflictKind;
import dev.tether.retry.RetryCounters;
import dev.tether.retry.commit.CommitCutApplication.OrderDesk;
import dev.tether.routing.CommitSettling;
import dev.tether.routing.UnansweredCommitException;
import dev.tether.test.fault.Direction;
import dev.tether.test.fault.FaultProxy;
import dev.tether.test.fault.FaultProxy.Cut;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * The connection to the real primary cut exactly at {@code COMMIT} (by a {@link FaultProxy} in
 * front of it) under {@code @RetryOptimistic}: an order is never placed twice and an acknowledged
 * order is never lost.
 */
@SpringBootTest(classes = CommitCutApplication.class)
@DirtiesContext
class CommitOutcomeTests {

	/** How many cuts the loop makes; {@code -Dtether.cut-at-commit.cuts=1000} for the figure. */
	private static final int CUTS = Integer.getInteger("tether.cut-at-commit.cuts", 300);

	private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] XID_QUERY = "pg_current_xact_id_if_assigned".getBytes(StandardCharsets.US_ASCII);

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private static final FaultProxy proxy = FaultProxy.start("127.0.0.1", cluster.primary().port());

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> proxy.rewrite(cluster.primary().jdbcUrl()));
		registry.add("spring.datasource.username", cluster::username);
		registry.add("spring.datasource.password", cluster::password);
		// pgjdbc sends a statement's text until it prepares it on the server, after 5 runs by
		// default; then COMMIT would go by name and the proxy could not see it
		registry.add("spring.datasource.hikari.data-source-properties.prepareThreshold", () -> "0");
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
		registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
		registry.add("spring.datasource.hikari.validation-timeout", () -> "500");
		registry.add("spring.jpa.hibernate.ddl-auto", () -> "create");
		registry.add("tether.retry.commit-outcome-timeout", () -> "4s");
	}

	@Autowired
	OrderDesk desk;

	@Autowired
	RetryCounters counters;

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@BeforeEach
	void noFaults() throws SQLException {
		proxy.heal();
		try (Connection connection = direct(); Statement statement = connection.createStatement()) {
			statement.execute("insert into cut_stock (id, sold, version) values (1, 0, 0) on conflict do nothing");
		}
	}

	@Test
	void aCommitThatReachedThePrimaryReturnsTheOrderAndIsNotRunAgain() throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.AFTER);
		long id = this.desk.place("after-commit");
		assertThat(this.desk.runs("after-commit")).as("runs of the method").isEqualTo(1);
		assertThat(orderIds("after-commit")).as("the order, placed once, is the one returned").containsExactly(id);
	}

	@Test
	void aCommitThatNeverReachedThePrimaryIsRunAgainOnce() throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.BEFORE);
		long id = this.desk.place("before-commit");
		assertThat(this.desk.runs("before-commit")).as("runs of the method").isEqualTo(2);
		assertThat(orderIds("before-commit")).containsExactly(id);
	}

	@Test
	void aConnectionThatBreaksBeforeCommitIsSentIsRunAgainOnce() throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.AFTER);
		long id = this.desk.place("before-xid");
		assertThat(this.desk.runs("before-xid")).isEqualTo(2);
		assertThat(orderIds("before-xid")).containsExactly(id);
	}

	@Test
	void aCommitHeldByAPartitionIsNeitherRunAgainNorReportedAsFailedButAsUnknownNamingTheTransaction()
			throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.HOLD);
		// the pool sets no socket timeout, so the COMMIT would wait for TCP: end the wait with a reset
		// once it is held, while the partition goes on for the connections that settle the outcome
		Thread resetter = HeldCommits.resetOnceCommitIsHeld(proxy, cluster);

		CommitOutcomeUnknownException unknown = org.assertj.core.api.Assertions
			.catchThrowableOfType(CommitOutcomeUnknownException.class, () -> this.desk.place("partitioned"));
		resetter.interrupt();
		assertThat(unknown).as("thrown").isNotNull();
		assertThat(unknown.getTransactionId()).as("the transaction id").isNotBlank();
		assertThat(unknown.getBoundary()).isEqualTo(OrderDesk.class.getName() + ".place");
		assertThat(unknown.getNode()).isEqualTo("primary");
		assertThat(unknown).hasMessageContaining(OrderDesk.class.getName() + ".place")
			.hasMessageContaining("transaction " + unknown.getTransactionId())
			.hasMessageContaining("pg_xact_status('" + unknown.getTransactionId() + "')")
			.hasMessageContaining("make the operation idempotent")
			.hasRootCauseInstanceOf(java.net.SocketException.class);
		assertThat(unknown.getCause()).isInstanceOf(UnansweredCommitException.class);
		assertThat(this.desk.runs("partitioned")).as("runs of the method").isEqualTo(1);
		// once the primary answers again the outcome is final (here aborted: the reset dropped the held
		// COMMIT), and whichever it is, the order exists at most once
		proxy.heal();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !"in progress".equals(status(unknown)));
		assertThat(orderIds("partitioned")).hasSize("committed".equals(status(unknown)) ? 1 : 0);
	}

	@Test
	void aTransactionThatFailedBeforeItsCommitIsRolledBackAndNeverReportedAsCommitted() throws SQLException {
		// its insert returned the transaction's id, so no query precedes COMMIT to reveal the failure:
		// pgjdbc's own state does (COMMIT would roll back and report success)
		assertThatRuntimeException().isThrownBy(() -> this.desk.placeThenCatchAFailure("failed-before"))
			.satisfies((ex) -> assertThat(causes(ex)).anySatisfy((cause) -> assertThat(cause)
				.hasMessageContaining("had already failed when it reached COMMIT")
				.hasMessageContaining("the transaction was rolled back")));
		assertThat(this.desk.runs("failed-before")).isEqualTo(1);
		assertThat(orderIds("failed-before")).isEmpty();
	}

	@Test
	void aFailedTransactionWhoseVersionedUpdateReturnedTheIdIsRolledBackAndNeverReportedAsCommitted()
			throws SQLException {
		long[] before = stock();
		assertThatRuntimeException().isThrownBy(() -> this.desk.takeStockThenCatchAFailure("versioned-failed"))
			.satisfies((ex) -> assertThat(causes(ex)).anySatisfy((cause) -> assertThat(cause)
				.hasMessageContaining("had already failed when it reached COMMIT")));
		assertThat(this.desk.runs("versioned-failed")).isEqualTo(1);
		assertThat(stock()).as("sold and version, untouched").containsExactly(before[0], before[1]);
	}

	@Test
	void aFailedTransactionWhoseIdIsAskedForBeforeCommitIsRolledBackToo() throws SQLException {
		// Hibernate's insert ends with its own RETURNING id, so the commit asks for the id, and that
		// query fails in the failed transaction
		assertThatRuntimeException().isThrownBy(() -> this.desk.placeWithHibernateThenCatchAFailure("failed-asked"))
			.satisfies((ex) -> assertThat(causes(ex)).anySatisfy((cause) -> assertThat(cause)
				.hasMessageContaining("Could not read the transaction's id before COMMIT")
				.hasMessageContaining("the transaction was rolled back")));
		assertThat(this.desk.runs("failed-asked")).isEqualTo(1);
		assertThat(orderIds("failed-asked")).isEmpty();
	}

	@Test
	void aHibernateUpdateByKeyReturnsItsTransactionIdSoNoQueryPrecedesCommit() throws SQLException {
		// the query would be cut if it were sent, and the order placed by a second run
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		long[] before = stock();
		long id = this.desk.takeStockWithHibernate("hibernate-no-query");
		assertThat(this.desk.runs("hibernate-no-query")).as("runs of the method").isEqualTo(1);
		assertThat(orderIds("hibernate-no-query")).containsExactly(id);
		assertThat(stock()).as("sold and version").containsExactly(before[0] + 1, before[1] + 1);
	}

	@Test
	void aCommitCutAfterAHibernateUpdateIsSettledWithTheIdTheUpdateReturned() throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.AFTER);
		long[] before = stock();
		long reached = this.desk.takeStockWithHibernate("hibernate-after-commit");
		assertThat(this.desk.runs("hibernate-after-commit")).as("runs after a commit that reached the primary")
			.isEqualTo(1);
		assertThat(orderIds("hibernate-after-commit")).containsExactly(reached);
		assertThat(stock()[0]).as("sold").isEqualTo(before[0] + 1);
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.BEFORE);
		long rerun = this.desk.takeStockWithHibernate("hibernate-before-commit");
		assertThat(this.desk.runs("hibernate-before-commit")).as("runs after a commit that never reached it")
			.isEqualTo(2);
		assertThat(orderIds("hibernate-before-commit")).containsExactly(rerun);
		assertThat(stock()[0]).as("sold").isEqualTo(before[0] + 2);
	}

	@Test
	void aJdbcTemplateUpdateByKeyAndABatchOfThemReturnTheirTransactionIdToo() throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		long[] before = stock();
		long single = this.desk.takeStockWithJdbc("jdbc-no-query");
		assertThat(this.desk.runs("jdbc-no-query")).as("runs of the single update").isEqualTo(1);
		assertThat(orderIds("jdbc-no-query")).containsExactly(single);
		long batched = this.desk.takeStockInABatch("batch-no-query");
		assertThat(this.desk.runs("batch-no-query")).as("runs of the batch").isEqualTo(1);
		assertThat(this.desk.batchCounts("batch-no-query")).as("the batch's update counts").containsExactly(1, 1);
		assertThat(orderIds("batch-no-query")).containsExactly(batched);
		assertThat(stock()[0]).as("sold").isEqualTo(before[0] + 2);
	}

	@Test
	void anUpdateThatCouldChangeManyRowsIsLeftAsWrittenAndTheCommitAsksForTheId() throws SQLException {
		// the query is sent, so the cut before it makes a second run
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		long id = this.desk.touchEveryStock("many-rows");
		assertThat(this.desk.runs("many-rows")).as("runs: the query was sent and cut").isEqualTo(2);
		assertThat(orderIds("many-rows")).containsExactly(id);
	}

	@Test
	void aTableWhoseRuleWouldRefuseTheClauseIsWrittenAsWithoutTether() throws SQLException {
		try (Connection connection = direct(); Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists cut_ruled_target (id int primary key, v int not null)");
			statement.execute("create table if not exists cut_ruled (id int primary key, v int not null)");
			statement.execute("insert into cut_ruled values (1, 0) on conflict do nothing");
			statement.execute("insert into cut_ruled_target values (1, 0) on conflict do nothing");
			statement.execute("create or replace rule cut_ruled_elsewhere as on update to cut_ruled do instead"
					+ " update cut_ruled_target set v = new.v where id = old.id");
			// what the clause would meet (so this test can fail): the rule refuses it
			connection.setAutoCommit(false);
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.execute("update cut_ruled set v = v + 1 where id = 1"
						+ " returning pg_current_xact_id()::text"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("0A000"));
			connection.rollback();
			// as written, it works
			statement.execute("update cut_ruled set v = v + 1 where id = 1");
			connection.rollback();
		}
		long ruled = this.desk.updateRuledTable("ruled");
		assertThat(this.desk.runs("ruled")).isEqualTo(1);
		assertThat(orderIds("ruled")).containsExactly(ruled);
		try (Connection connection = direct(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select v from cut_ruled_target where id = 1")) {
			result.next();
			assertThat(result.getInt(1)).as("the rule's target, updated").isEqualTo(1);
		}
	}

	@Test
	void aTableThatGainsARuleAfterItsCatalogWasReadIsRunAgainAtOnceWithoutTheClauseAndWrittenOnce()
			throws SQLException {
		try (Connection connection = direct(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists cut_late_ruled, cut_late_ruled_target");
			statement.execute("create table cut_late_ruled_target (id int primary key, v int not null)");
			statement.execute("create table cut_late_ruled (id int primary key, v int not null)");
			statement.execute("insert into cut_late_ruled values (1, 0)");
			statement.execute("insert into cut_late_ruled_target values (1, 0)");
		}
		long before = this.desk.updateLateRuledTable("late-rule-before");
		assertThat(this.desk.runs("late-rule-before")).as("no rule yet: one run, with the clause").isEqualTo(1);
		assertThat(orderIds("late-rule-before")).containsExactly(before);
		try (Connection connection = direct(); Statement statement = connection.createStatement()) {
			statement.execute("create rule cut_late_ruled_elsewhere as on update to cut_late_ruled do instead"
					+ " update cut_late_ruled_target set v = v + 1 where id = old.id");
		}
		long refusedRetries = this.counters.retries(ConflictKind.RETURNING_REFUSED);
		long after = this.desk.updateLateRuledTable("late-rule-after");
		assertThat(this.desk.runs("late-rule-after")).as("the refused run and the run as written").isEqualTo(2);
		assertThat(this.counters.retries(ConflictKind.RETURNING_REFUSED) - refusedRetries).isEqualTo(1);
		assertThat(orderIds("late-rule-after")).as("one order: the refused run changed nothing").containsExactly(after);
		assertThat(lateRuled()).as("the table once, before the rule; the rule's target once").containsExactly(1, 1);
		long next = this.desk.updateLateRuledTable("late-rule-next");
		assertThat(this.desk.runs("late-rule-next")).as("the table is known to refuse: one run").isEqualTo(1);
		assertThat(orderIds("late-rule-next")).containsExactly(next);
		assertThat(lateRuled()).containsExactly(1, 2);
	}

	@Test
	void aVersionedUpdateOfATableWithARuleIsPlacedOnceAndItsNextRunsGoWithoutTheClause() throws SQLException {
		try (Connection connection = direct(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists cut_ruled_versioned, cut_ruled_versioned_target");
			statement.execute("create table cut_ruled_versioned_target (id int primary key, v int not null)");
			statement.execute("create table cut_ruled_versioned (id int primary key, v int not null, version bigint not null)");
			statement.execute("insert into cut_ruled_versioned values (1, 0, 0)");
			statement.execute("insert into cut_ruled_versioned_target values (1, 0)");
			statement.execute("create rule cut_ruled_versioned_elsewhere as on update to cut_ruled_versioned"
					+ " do instead update cut_ruled_versioned_target set v = v + 1 where id = old.id");
		}
		// a first commit inside a boundary learns that the primary is PostgreSQL 13+
		this.desk.placeVersioned("ruled-versioned-warm-up");
		// the update is the transaction's first statement, so the catalog could not be asked before
		// it: it ends with the clause, the rule refuses it, and the boundary re-runs it without
		long first = this.desk.updateRuledTableVersioned("ruled-versioned-1", 0);
		assertThat(this.desk.runs("ruled-versioned-1")).as("the refused run and the run as written").isEqualTo(2);
		assertThat(orderIds("ruled-versioned-1")).containsExactly(first);
		long second = this.desk.updateRuledTableVersioned("ruled-versioned-2", 0);
		assertThat(this.desk.runs("ruled-versioned-2")).as("the table is known to refuse: one run").isEqualTo(1);
		assertThat(orderIds("ruled-versioned-2")).containsExactly(second);
		try (Connection connection = direct(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select v from cut_ruled_versioned_target where id = 1")) {
			result.next();
			assertThat(result.getInt(1)).as("the rule's target, once per placed order").isEqualTo(2);
		}
	}

	/** The table that gained a rule and the rule's target: their {@code v}. */
	private List<Integer> lateRuled() throws SQLException {
		try (Connection connection = direct(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select (select v from cut_late_ruled where id = 1),"
						+ " (select v from cut_late_ruled_target where id = 1)")) {
			result.next();
			return List.of(result.getInt(1), result.getInt(2));
		}
	}

	@Test
	void theSwitchOffLeavesEveryWriteAsWrittenAndTheCommitAsks() throws SQLException {
		// a caller's own settling boundary, without @RetryOptimistic (which would re-run the cut):
		// with writes-return-transaction-id=false the update is not changed, the commit asks for the
		// id, and that query is cut; with the default it returns the id and nothing is cut
		long[] before = switchedOffThenOn("jdbc", this.desk::takeStockWithJdbcWithoutRetry);
		assertThat(stock()[0]).as("sold").isEqualTo(before[0] + 1);
	}

	@Test
	void theSwitchOffLeavesAVersionedUpdateWithoutTheClauseTooAndTheCommitAsks() throws SQLException {
		// as above, for Tether's own VersionedUpdate, which had appended its clause whatever the
		// switch said
		long[] before = switchedOffThenOn("versioned", this.desk::placeVersionedWithoutRetry);
		assertThat(stock()).as("sold and version").containsExactly(before[0] + 1, before[1] + 1);
	}

	/**
	 * Places an order in a settling boundary of the caller's own, first with the switch off (the
	 * commit's query for the id is cut: rolled back, nothing changed), then with the default (the
	 * write returns the id, nothing is cut: placed once).
	 * @return the stock's sold count and version before both
	 */
	private long[] switchedOffThenOn(String request, ToLongFunction<String> place)
			throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		long[] before = stock();
		CommitSettling.enter(Duration.ofSeconds(4).toNanos(), false);
		try {
			assertThatRuntimeException().isThrownBy(() -> place.applyAsLong(request + "-switched-off"));
		}
		finally {
			CommitSettling.exit();
		}
		assertThat(orderIds(request + "-switched-off")).as("rolled back").isEmpty();
		assertThat(stock()).as("sold and version, untouched").containsExactly(before);
		CommitSettling.enter(Duration.ofSeconds(4).toNanos(), true);
		try {
			long id = place.applyAsLong(request + "-switched-on");
			assertThat(orderIds(request + "-switched-on")).containsExactly(id);
		}
		finally {
			CommitSettling.exit();
		}
		return before;
	}

	@Test
	void aVersionedUpdateReturnsItsTransactionIdSoNoQueryPrecedesCommit() throws SQLException {
		// the query would be cut if it were sent, and the order placed by a second run
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		long id = this.desk.placeVersioned("versioned-no-query");
		assertThat(this.desk.runs("versioned-no-query")).as("runs of the method").isEqualTo(1);
		assertThat(orderIds("versioned-no-query")).containsExactly(id);
	}

	@Test
	void aVersionedUpdateThatIsTheTransactionsFirstStatementReturnsItsTransactionIdToo() throws SQLException {
		// a first commit inside a boundary learns that the primary is PostgreSQL 13+
		this.desk.placeVersioned("versioned-first-warm-up");
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		long[] stock = stock();
		long id = this.desk.takeStockFirst("versioned-first", stock[0], stock[1]);
		assertThat(this.desk.runs("versioned-first")).as("runs of the method").isEqualTo(1);
		assertThat(orderIds("versioned-first")).containsExactly(id);
		assertThat(stock()[1]).as("the stock's version").isEqualTo(stock[1] + 1);
	}

	@Test
	void aCommitCutAfterAVersionedUpdateIsSettledWithTheIdTheUpdateReturned() throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.AFTER);
		long reached = this.desk.placeVersioned("versioned-after-commit");
		assertThat(this.desk.runs("versioned-after-commit")).as("runs after a commit that reached the primary")
			.isEqualTo(1);
		assertThat(orderIds("versioned-after-commit")).containsExactly(reached);
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.BEFORE);
		long rerun = this.desk.placeVersioned("versioned-before-commit");
		assertThat(this.desk.runs("versioned-before-commit")).as("runs after a commit that never reached it")
			.isEqualTo(2);
		assertThat(orderIds("versioned-before-commit")).containsExactly(rerun);
	}

	@Test
	void aTransactionOfTwoVersionedUpdatesAsksForNoIdAndIsSettledWithTheOneTheFirstReturned() throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		long[] before = stock();
		long asked = this.desk.placeVersionedTwice("versioned-twice-no-query");
		assertThat(this.desk.runs("versioned-twice-no-query")).as("runs: no query was sent to be cut").isEqualTo(1);
		assertThat(orderIds("versioned-twice-no-query")).containsExactly(asked);
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.AFTER);
		long settled = this.desk.placeVersionedTwice("versioned-twice-after-commit");
		assertThat(this.desk.runs("versioned-twice-after-commit")).as("runs after a commit that reached the primary")
			.isEqualTo(1);
		assertThat(orderIds("versioned-twice-after-commit")).containsExactly(settled);
		assertThat(stock()).as("sold and version: two updates per order, each order once")
			.containsExactly(before[0] + 4, before[1] + 4);
	}

	@Test
	void aTransactionIdReturnedInARolledBackRunIsNeverTakenForTheNextRun() throws SQLException {
		// the second run's COMMIT reaches the primary and its answer is lost: settled with the first
		// run's (rolled back) id, it would look aborted and the order would be placed a second time
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.AFTER);
		long id = this.desk.versionedConflictThenPlain("versioned-then-plain");
		assertThat(this.desk.runs("versioned-then-plain")).as("runs: the conflict's, then the one that committed")
			.isEqualTo(2);
		assertThat(orderIds("versioned-then-plain")).containsExactly(id);
	}

	@Test
	void outsideARetryBoundaryNoTransactionIdIsAskedFor() throws SQLException {
		// the query would be cut if it were sent
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		long id = this.desk.placeWithoutRetry("no-boundary");
		assertThat(orderIds("no-boundary")).containsExactly(id);
	}

	@Test
	void aTransactionThatOnlyReadsTakesNoTransactionIdInsideABoundary() {
		// the query would be cut if it were sent
		proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.BEFORE);
		assertThat(this.desk.count("nothing")).isZero();
	}

	@Test
	void outsideARetryBoundaryABrokenCommitIsReportedAsBeforeAndNotSettled() throws SQLException {
		proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.AFTER);
		assertThatRuntimeException().isThrownBy(() -> this.desk.placeWithoutRetry("no-boundary-cut"))
			.satisfies((ex) -> assertThat(causes(ex)).noneMatch(UnansweredCommitException.class::isInstance));
		assertThat(this.desk.runs("no-boundary-cut")).isEqualTo(1);
		// the COMMIT reached the primary, but nothing here waited for it to run (no settling outside a
		// boundary): on a loaded machine the backend may still be committing when the test looks
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(orderIds("no-boundary-cut")).hasSize(1));
	}

	/**
	 * The test: cuts at {@code COMMIT} (after the primary received it, before it did) and
	 * right before it, mixed at random; no order placed twice, no acknowledged order missing, and
	 * every outcome settled.
	 */
	@Test
	void cutsAtCommitNeverDuplicateOrLoseAnOrder() throws SQLException {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		int[] cuts = new int[3];
		int duplicated = 0;
		int lost = 0;
		int unknown = 0;
		int reruns = 0;
		int rerunsAfterCommitReached = 0;
		List<Long> millis = new ArrayList<>(CUTS);
		long started = System.nanoTime();
		try (Connection direct = direct()) {
			for (int i = 0; i < CUTS; i++) {
				int mode = random.nextInt(3);
				cuts[mode]++;
				switch (mode) {
					case 0 -> proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.AFTER);
					case 1 -> proxy.cutAt(Direction.UPSTREAM, COMMIT, Cut.BEFORE);
					default -> proxy.cutAt(Direction.UPSTREAM, XID_QUERY, Cut.AFTER);
				}
				String request = "loop-" + seed + "-" + i;
				boolean acknowledged = false;
				long start = System.nanoTime();
				try {
					this.desk.place(request);
					acknowledged = true;
				}
				catch (CommitOutcomeUnknownException ex) {
					unknown++;
				}
				millis.add((System.nanoTime() - start) / 1_000_000);
				int rows = count(direct, request);
				if (rows > 1) {
					duplicated++;
				}
				if (acknowledged && rows == 0) {
					lost++;
				}
				int runs = this.desk.runs(request);
				reruns += runs - 1;
				if (mode == 0) {
					// once: unless its backend had not even read the COMMIT after a second and was
					// terminated (a starved machine), which rolls it back and makes a re-run right
					rerunsAfterCommitReached += runs - 1;
					assertThat(runs).as("runs of cut %d (mode %d, seed %d)", i, mode, seed).isBetween(1, 2);
				}
				else {
					assertThat(runs).as("runs of cut %d (mode %d, seed %d)", i, mode, seed).isEqualTo(2);
				}
			}
		}
		Collections.sort(millis);
		System.out.printf("cut-at-COMMIT under @RetryOptimistic: %d cuts (%d after COMMIT reached the primary, %d before,"
				+ " %d before COMMIT was sent) in %d ms: %d duplicated, %d lost, %d unknown, %d re-runs (%d after"
				+ " COMMIT reached the primary); call p50 %d ms, max %d ms (seed %d)%n", CUTS, cuts[0], cuts[1], cuts[2],
				(System.nanoTime() - started) / 1_000_000, duplicated, lost, unknown, reruns, rerunsAfterCommitReached,
				millis.get(millis.size() / 2), millis.get(millis.size() - 1), seed);
		assertThat(duplicated).as("orders placed twice").isZero();
		assertThat(lost).as("acknowledged orders missing").isZero();
		assertThat(unknown).as("outcomes not settled with the primary reachable").isZero();
		assertThat(reruns - rerunsAfterCommitReached).isEqualTo(cuts[1] + cuts[2]);
	}

	private static List<Throwable> causes(Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			causes.add(current);
		}
		return causes;
	}

	private static String status(CommitOutcomeUnknownException unknown) throws SQLException {
		try (Connection connection = direct();
				PreparedStatement statement = connection.prepareStatement("select pg_xact_status(cast(? as xid8))")) {
			statement.setString(1, unknown.getTransactionId());
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	private static long[] stock() throws SQLException {
		try (Connection connection = direct(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select sold, version from cut_stock where id = 1")) {
			result.next();
			return new long[] { result.getLong(1), result.getLong(2) };
		}
	}

	private static List<Long> orderIds(String request) throws SQLException {
		try (Connection connection = direct();
				PreparedStatement statement = connection.prepareStatement("select id from cut_order where request = ?")) {
			statement.setString(1, request);
			List<Long> ids = new ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					ids.add(result.getLong(1));
				}
			}
			return ids;
		}
	}

	private static int count(Connection connection, String request) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select count(*) from cut_order where request = ?")) {
			statement.setString(1, request);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private static Connection direct() throws SQLException {
		return DriverManager.getConnection(cluster.primary().jdbcUrl(), cluster.username(), cluster.password());
	}

}
