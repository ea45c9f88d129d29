package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.retry.WriteConflictPredicate;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which statements the routing connection prepares to return their transaction's id
 * ({@link IdReturningPreparedStatement}), on the real primary: inside a settling boundary, the
 * transaction's first single-row write and no later one; nothing outside a boundary; and an
 * insert keeps its text on a connection whose driver rewrites batched inserts into multi-row ones.
 * ({@code CommitOutcomeTests} shows what the commit then sends and settles.)
 */
class IdReturningWritesTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private HikariDataSource pool;

	private TetherDataSource router;

	private void router(boolean rewriteBatchedInserts) throws SQLException {
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(cluster.primary().jdbcUrl());
		this.pool.setUsername(cluster.username());
		this.pool.setPassword(cluster.password());
		this.pool.setMaximumPoolSize(2);
		if (rewriteBatchedInserts) {
			this.pool.addDataSourceProperty("reWriteBatchedInserts", "true");
		}
		this.router = TetherDataSource.builder(this.pool).build();
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists returning_item");
			statement.execute("create table returning_item (id int primary key, version int not null)");
			statement.execute("insert into returning_item values (1, 0)");
		}
	}

	@AfterEach
	void close() {
		if (this.router != null) {
			this.router.close();
		}
		if (this.pool != null) {
			this.pool.close();
		}
	}

	@Test
	void insideABoundaryOnlyTheTransactionsFirstSingleRowWriteReturnsTheId() throws SQLException {
		router(false);
		String update = "update returning_item set version = version + 1 where id = ?";
		CommitSettling.enter(CommitSettling.DEFAULT_TIMEOUT.toNanos());
		try {
			inTransaction(true, (connection) -> {
				assertThat(write(connection, update, 1, true, "the first write")).as("rows updated").isEqualTo(1);
				assertThat(write(connection, update, 1, false, "the id is known already")).isEqualTo(1);
			});
		}
		finally {
			CommitSettling.exit();
		}
	}

	@Test
	void onceAStatementReturnedTheIdTheTransactionsLaterStatementsAreGivenNoClauseAndTheNextTransactionIsAgain()
			throws SQLException {
		router(false);
		String update = "update returning_item set version = version + 1 where id = ?";
		CommitSettling.enter(CommitSettling.DEFAULT_TIMEOUT.toNanos());
		try {
			inTransaction(true, (connection) -> {
				write(connection, update, 1, true, "the first write");
				// what VersionedUpdate asks before each of its updates: the id is the transaction's, so
				// a second versioned update in it need not return it again
				assertThat(CommitSettling.transactionIdClause(connection, "returning_item"))
					.as("after the id came back").isNull();
				assertThat(CommitSettling.transactionIdClause(connection)).as("the router's question").isNull();
			});
			inTransaction(true, (connection) -> {
				try (Statement statement = connection.createStatement()) {
					statement.execute("select 1");
				}
				assertThat(CommitSettling.transactionIdClause(connection, "returning_item"))
					.as("a new transaction on the same connection, whose backend is known")
					.isEqualTo(" RETURNING pg_current_xact_id()::text");
			});
		}
		finally {
			CommitSettling.exit();
		}
	}

	@Test
	void outsideABoundaryAndWithTheSwitchOffEveryWriteKeepsItsText() throws SQLException {
		router(false);
		String update = "update returning_item set version = 1 where id = ?";
		inTransaction(false, (connection) -> write(connection, update, 1, false, "outside a boundary"));
		CommitSettling.enter(CommitSettling.DEFAULT_TIMEOUT.toNanos(), false);
		try {
			inTransaction(false, (connection) -> write(connection, update, 1, false, "the switch off"));
		}
		finally {
			CommitSettling.exit();
		}
	}

	@Test
	void aTableThatGainsARuleFailsOneWriteWithTheReasonForARerunAndItsNextWritesKeepTheirText() throws SQLException {
		router(false);
		String update = "update returning_item set version = version + 1 where id = ?";
		CommitSettling.enter(CommitSettling.DEFAULT_TIMEOUT.toNanos());
		try {
			inTransaction(true, (connection) -> write(connection, update, 1, true, "the catalog said: no rule"));
			try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("create table if not exists returning_target (id int primary key, version int not null)");
				statement.execute("insert into returning_target values (1, 0) on conflict do nothing");
				statement.execute("create rule returning_elsewhere as on update to returning_item do instead"
						+ " update returning_target set version = new.version where id = old.id");
			}
			try (Connection connection = this.router.getConnection()) {
				connection.setAutoCommit(false);
				try (PreparedStatement refused = connection.prepareStatement(update)) {
					refused.setInt(1, 1);
					assertThatExceptionOfType(SQLException.class).isThrownBy(refused::executeUpdate)
						.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("0A000"))
						.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement()
							.isInstanceOf(ReturningRefusedException.class)
							.satisfies((note) -> assertThat(note.getMessage()).contains("returning_item", "rule",
									"@RetryOptimistic re-runs", "tether.retry.writes-return-transaction-id=false")))
						// what @RetryOptimistic (CommitOutcomeTests) and Spring's @Retryable re-run at once
						.satisfies((ex) -> assertThat(ConflictClassifier.classify(ex)).isEqualTo(ConflictKind.RETURNING_REFUSED))
						.satisfies((ex) -> assertThat(new WriteConflictPredicate().test(ex)).isTrue());
				}
				// HikariCP evicts a connection that saw SQLState 0A000 (it counts it as fatal), so the
				// transaction ends with the connection; nothing else to undo
			}
			inTransaction(true, (connection) -> write(connection, update, 1, false, "noted as refusing"));
		}
		finally {
			CommitSettling.exit();
		}
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement();
				java.sql.ResultSet result = statement.executeQuery(
						"select (select version from returning_item where id = 1), (select version from returning_target where id = 1)")) {
			result.next();
			assertThat(result.getInt(1)).as("the table, updated once before the rule").isEqualTo(1);
			assertThat(result.getInt(2)).as("the rule's target, by the write as written").isEqualTo(2);
		}
	}

	@Test
	void whereTheDriverRewritesBatchedInsertsAnInsertKeepsItsTextAndAnUpdateByKeyReturnsTheId() throws SQLException {
		router(true);
		CommitSettling.enter(CommitSettling.DEFAULT_TIMEOUT.toNanos());
		try {
			inTransaction(true, (connection) -> {
				try (PreparedStatement insert = connection
					.prepareStatement("insert into returning_item (id, version) values (?, ?)")) {
					assertThat(insert).isNotInstanceOf(IdReturningPreparedStatement.class);
					for (int id = 2; id <= 4; id++) {
						insert.setInt(1, id);
						insert.setInt(2, 0);
						insert.addBatch();
					}
					insert.executeBatch();
				}
				assertThat(write(connection, "update returning_item set version = 1 where id = ?", 2, true,
						"an update by key")).isEqualTo(1);
			});
		}
		finally {
			CommitSettling.exit();
		}
	}

	/** Runs work in a transaction of the router, committed or rolled back. */
	private void inTransaction(boolean commit, Work work) throws SQLException {
		try (Connection connection = this.router.getConnection()) {
			connection.setAutoCommit(false);
			work.run(connection);
			if (commit) {
				connection.commit();
			}
			else {
				connection.rollback();
			}
			connection.setAutoCommit(true);
		}
	}

	/**
	 * Prepares a write with one key parameter, checks whether it was prepared to return the id, and
	 * runs it.
	 * @return the rows it changed
	 */
	private static int write(Connection connection, String sql, int key, boolean returnsId, String why)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			if (returnsId) {
				assertThat(statement).as(why).isInstanceOf(IdReturningPreparedStatement.class);
			}
			else {
				assertThat(statement).as(why).isNotInstanceOf(IdReturningPreparedStatement.class);
			}
			statement.setInt(1, key);
			return statement.executeUpdate();
		}
	}

	@FunctionalInterface
	private interface Work {

		void run(Connection connection) throws SQLException;

	}

}
