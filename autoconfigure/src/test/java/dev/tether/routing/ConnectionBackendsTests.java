package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement that returns its transaction's id for {@link CommitSettling} asks for the backend's
 * pid and the server's start only on a connection's first time: later transactions on the same
 * physical connection return the id alone, and the commit still settles with the right backend.
 * On the real primary, through a HikariCP pool of one connection, so that every transaction runs
 * on the same physical connection.
 */
class ConnectionBackendsTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private HikariDataSource pool;

	private TetherDataSource router;

	@BeforeEach
	void router() throws SQLException {
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(cluster.primary().jdbcUrl());
		this.pool.setUsername(cluster.username());
		this.pool.setPassword(cluster.password());
		// one connection: every transaction of a test is on the same physical connection
		this.pool.setMaximumPoolSize(1);
		this.router = TetherDataSource.builder(this.pool).build();
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists backend_item");
			statement.execute("create table backend_item (id int primary key, version int not null)");
			statement.execute("insert into backend_item values (1, 0)");
		}
	}

	@AfterEach
	void close() {
		this.router.close();
		this.pool.close();
	}

	@Test
	void theBackendIsAskedForOnceAPhysicalConnectionAndTheCommitSettlesWithTheOneThatRanIt() throws SQLException {
		CommitSettling.enter(CommitSettling.DEFAULT_TIMEOUT.toNanos());
		try {
			String first = updateReturningTheId();
			String second = updateReturningTheId();
			assertThat(first).as("the first clause on the connection").contains("pg_backend_pid()")
				.contains("pg_postmaster_start_time()");
			assertThat(second).as("the clause once the backend is known")
				.isEqualTo(" RETURNING pg_current_xact_id()::text");
		}
		finally {
			CommitSettling.exit();
		}
	}

	@Test
	void aBackendDroppedBetweenTheClauseAndTheAnswerLeavesTheIdToTheCommitInsteadOfFailing() throws SQLException {
		CommitSettling.enter(CommitSettling.DEFAULT_TIMEOUT.toNanos());
		try {
			updateReturningTheId();
			try (Connection connection = this.router.getConnection()) {
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.execute("select 1");
				}
				String clause = CommitSettling.transactionIdClause(connection);
				assertThat(clause).as("the clause once the backend is known")
					.isEqualTo(" RETURNING pg_current_xact_id()::text");
				// the backend forgotten between the clause and the answer
				ConnectionBackends.clear();
				updateWith(connection, clause);
				Connection physical = connection.unwrap(RoutingConnection.class).primaryInTransaction();
				assertThat(CommitSettling.takeReturned(physical)).as("an id without its backend is not kept").isNull();
				connection.commit();
			}
			assertThat(version()).as("both updates committed").isEqualTo(2);
		}
		finally {
			CommitSettling.exit();
		}
	}

	private int version() throws SQLException {
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select version from backend_item where id = 1")) {
			result.next();
			return result.getInt(1);
		}
	}

	/**
	 * One transaction inside the boundary: reads (pinning the primary), updates with the clause,
	 * checks that the id it took is this transaction's on this backend of this server, and commits.
	 * @return the clause the update ended with
	 */
	private String updateReturningTheId() throws SQLException {
		try (Connection connection = this.router.getConnection()) {
			connection.setAutoCommit(false);
			int pid;
			String started;
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("select pg_backend_pid(), pg_postmaster_start_time()::text")) {
				result.next();
				pid = result.getInt(1);
				started = result.getString(2);
			}
			String clause = CommitSettling.transactionIdClause(connection);
			assertThat(clause).as("clause").isNotNull();
			String xid = updateWith(connection, clause);
			Connection physical = connection.unwrap(RoutingConnection.class).primaryInTransaction();
			CommitSettling.Returned returned = CommitSettling.takeReturned(physical);
			assertThat(returned).as("the id the update returned").isNotNull();
			assertThat(returned.xid()).isEqualTo(xid);
			assertThat(returned.pid()).as("the backend").isEqualTo(pid);
			assertThat(returned.started()).as("the server's start").isEqualTo(started);
			connection.commit();
			return clause;
		}
	}

	/**
	 * Runs the row's update ending with the clause and hands its answer to {@link CommitSettling}.
	 * @return the transaction id the update returned
	 */
	private static String updateWith(Connection connection, String clause) throws SQLException {
		try (PreparedStatement update = connection
			.prepareStatement("update backend_item set version = version + 1 where id = 1" + clause);
				ResultSet result = update.executeQuery()) {
			assertThat(result.next()).isTrue();
			CommitSettling.transactionIdReturned(connection, result);
			return result.getString(1);
		}
	}

}
