package dev.tether.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A row lock requested with {@link RowLockFirst} is taken by the next transaction the thread
 * begins on the primary, before its first statement, and by no later one; a request never
 * outlives its try block, also when the work throws or runs on a pooled thread. Whether the row
 * is locked is asked of the database, from a connection outside Tether: {@code FOR UPDATE NOWAIT}
 * fails with 55P03 while another transaction holds the row. Routed (a replica configured, so the
 * read-write branch) and unrouted (the primary alone) routers take the same path.
 */
class RowLockFirstTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private HikariDataSource primary;

	private HikariDataSource replica;

	private TetherDataSource router;

	private Connection outside;

	private void router(boolean withReplica) throws SQLException {
		this.primary = pool(cluster.primary().jdbcUrl());
		TetherDataSource.Builder builder = TetherDataSource.builder(this.primary);
		if (withReplica) {
			this.replica = pool(cluster.replica(0).jdbcUrl());
			builder.replica("replica-1", this.replica);
		}
		this.router = builder.build();
		try (Connection connection = this.primary.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists lock_first_item (id bigint primary key, label text)");
			statement.execute("delete from lock_first_item");
			statement.execute("insert into lock_first_item values (1, 'a'), (2, 'b')");
		}
		// reads routed to the replica must find the table and its rows
		cluster.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(30));
	}

	@BeforeEach
	void outside() throws SQLException {
		this.outside = DriverManager.getConnection(cluster.primary().jdbcUrl(), cluster.username(), cluster.password());
	}

	@AfterEach
	void close() throws SQLException {
		this.outside.close();
		if (this.router != null) {
			this.router.close();
		}
		this.primary.close();
		if (this.replica != null) {
			this.replica.close();
		}
	}

	@ParameterizedTest(name = "with a replica: {0}")
	@ValueSource(booleans = { false, true })
	void theNextTransactionLocksTheRowBeforeItsFirstStatementAndOnlyThatOne(boolean withReplica) throws SQLException {
		router(withReplica);
		try (RowLockFirst request = RowLockFirst.request("lock_first_item", "id", 1L)) {
			try (Connection connection = this.router.getConnection()) {
				connection.setAutoCommit(false);
				assertThat(lockedOutside(1)).as("before the first statement").isFalse();
				readLabel(connection, 2);
				assertThat(request.wasTaken()).isTrue();
				assertThat(lockedOutside(1)).as("the requested row, after a statement on another row").isTrue();
				assertThat(lockedOutside(2)).as("a row the transaction only read").isFalse();
				connection.commit();
				assertThat(lockedOutside(1)).as("after the commit").isFalse();
				readLabel(connection, 2);
				assertThat(lockedOutside(1)).as("the next transaction in the same request").isFalse();
				connection.rollback();
			}
		}
	}

	@ParameterizedTest(name = "with a replica: {0}")
	@ValueSource(booleans = { false, true })
	void autoCommitStatementsAndClosedRequestsLockNothing(boolean withReplica) throws SQLException {
		router(withReplica);
		try (RowLockFirst request = RowLockFirst.request("lock_first_item", "id", 1L);
				Connection connection = this.router.getConnection()) {
			readLabel(connection, 2);
			assertThat(request.wasTaken()).as("an auto-commit statement").isFalse();
		}
		try (Connection connection = this.router.getConnection()) {
			connection.setAutoCommit(false);
			readLabel(connection, 2);
			assertThat(lockedOutside(1)).as("a transaction after the request closed").isFalse();
			connection.rollback();
		}
	}

	@ParameterizedTest(name = "with a replica: {0}")
	@ValueSource(booleans = { false, true })
	void aReadOnlyTransactionDoesNotTakeTheRequest(boolean withReplica) throws SQLException {
		router(withReplica);
		try (RowLockFirst request = RowLockFirst.request("lock_first_item", "id", 1L);
				Connection connection = this.router.getConnection()) {
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			readLabel(connection, 2);
			// routed, it runs on the replica; without a replica it runs on the primary, where a read-only
			// transaction cannot lock (PostgreSQL refuses FOR UPDATE there): it must not fail for it
			assertThat(request.wasTaken()).isFalse();
			assertThat(lockedOutside(1)).isFalse();
			connection.rollback();
		}
	}

	@ParameterizedTest(name = "with a replica: {0}")
	@ValueSource(booleans = { false, true })
	void aRequestDoesNotOutliveWorkThatThrewOnAPooledThread(boolean withReplica) throws Exception {
		router(withReplica);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<?> failed = pool.submit(() -> {
				try (RowLockFirst request = RowLockFirst.request("lock_first_item", "id", 1L)) {
					throw new IllegalStateException("the work failed before any statement");
				}
			});
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failed.get(30, TimeUnit.SECONDS))
				.havingCause()
				.withMessage("the work failed before any statement");
			assertThat(pool.submit(() -> {
				try (Connection connection = this.router.getConnection()) {
					connection.setAutoCommit(false);
					readLabel(connection, 2);
					boolean locked = lockedOutside(1);
					connection.rollback();
					return locked;
				}
			}).get(30, TimeUnit.SECONDS)).as("the pooled thread's next transaction").isFalse();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@ParameterizedTest(name = "with a replica: {0}")
	@ValueSource(booleans = { false, true })
	void nestedRequestsRestoreTheOuterOneAndCloseIdempotently(boolean withReplica) throws SQLException {
		router(withReplica);
		RowLockFirst outer = RowLockFirst.request("lock_first_item", "id", 1L);
		try {
			RowLockFirst inner = RowLockFirst.request("lock_first_item", "id", 2L);
			inner.close();
			inner.close();
			try (Connection connection = this.router.getConnection()) {
				connection.setAutoCommit(false);
				readLabel(connection, 2);
				assertThat(outer.wasTaken()).isTrue();
				assertThat(lockedOutside(1)).as("the outer request's row").isTrue();
				connection.rollback();
			}
		}
		finally {
			outer.close();
		}
	}

	@ParameterizedTest(name = "with a replica: {0}")
	@ValueSource(booleans = { false, true })
	void aRowLockedElsewhereQueuesTheTransactionBeforeItsFirstStatementWhichThenReadsTheCommittedRow(
			boolean withReplica) throws Exception {
		router(withReplica);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		this.outside.setAutoCommit(false);
		try (Statement holder = this.outside.createStatement()) {
			holder.execute("select 1 from lock_first_item where id = 1 for update");
			Future<String> transaction = pool.submit(() -> {
				try (RowLockFirst request = RowLockFirst.request("lock_first_item", "id", 1L);
						Connection connection = this.router.getConnection()) {
					connection.setAutoCommit(false);
					String label = readLabel(connection, 1);
					try (Statement update = connection.createStatement()) {
						update.executeUpdate("update lock_first_item set label = label || '+mine' where id = 1");
					}
					connection.commit();
					return label;
				}
			});
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (waitingForTheLock() == 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(waitingForTheLock()).as("backends waiting in the row's lock queue").isEqualTo(1);
			assertThat(transaction).isNotDone();
			holder.executeUpdate("update lock_first_item set label = 'theirs' where id = 1");
			this.outside.commit();
			assertThat(transaction.get(30, TimeUnit.SECONDS)).as("what the queued transaction read")
				.isEqualTo("theirs");
		}
		finally {
			this.outside.rollback();
			this.outside.setAutoCommit(true);
			pool.shutdownNow();
		}
		try (Statement statement = this.outside.createStatement();
				ResultSet label = statement.executeQuery("select label from lock_first_item where id = 1")) {
			label.next();
			assertThat(label.getString(1)).as("both updates, none lost").isEqualTo("theirs+mine");
		}
	}

	/** Backends whose current statement is the lock-first statement and that wait for a lock. */
	private int waitingForTheLock() throws SQLException {
		try (Connection connection = this.primary.getConnection(); Statement statement = connection.createStatement();
				ResultSet count = statement.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
						+ " and query like 'SELECT 1 FROM lock_first_item WHERE id = % FOR UPDATE'")) {
			count.next();
			return count.getInt(1);
		}
	}

	private static String readLabel(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select label from lock_first_item where id = ?")) {
			statement.setLong(1, id);
			try (ResultSet result = statement.executeQuery()) {
				assertThat(result.next()).isTrue();
				return result.getString(1);
			}
		}
	}

	/** Whether another transaction holds the row's lock, asked from outside Tether. */
	private boolean lockedOutside(long id) throws SQLException {
		return HeldRows.heldElsewhere(this.outside, "lock_first_item", id);
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(cluster.username());
		pool.setPassword(cluster.password());
		pool.setMaximumPoolSize(2);
		return pool;
	}

}
