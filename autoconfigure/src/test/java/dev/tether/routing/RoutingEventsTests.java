package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events a router reports besides its decisions: connection acquisitions and transaction
 * ends (with their outcome), to listeners and to the transaction observer, on the real primary
 * and replica.
 */
class RoutingEventsTests {

	private static final EmbeddedReplicatedPostgres cluster = ReplicatedPostgresProperties.cluster();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private TetherDataSource router;

	@BeforeEach
	void router() {
		this.router = TetherDataSource.builder(pool(cluster.primary().jdbcUrl(), 1000))
			.replica("replica-1", pool(cluster.replica(0).jdbcUrl(), 1000))
			.listener(new RecordingListener())
			.observer((target, replica, reason) -> {
				this.events.add("start " + target.tagValue() + " " + reason.tagValue());
				return (committed) -> this.events.add("observed end " + (committed ? "commit" : "rollback"));
			})
			.build();
	}

	@AfterEach
	void close() {
		this.router.close();
	}

	@Test
	void aCommittedReadOnlyTransactionReportsItsAcquisitionAndItsEndOnTheReplica() throws SQLException {
		try (Connection connection = this.router.getConnection()) {
			connection.setReadOnly(true);
			connection.setAutoCommit(false);
			select(connection);
			connection.commit();
		}
		assertThat(this.events).containsExactly("acquired replica replica-1", "decision replica replica-1 read-only",
				"start replica read-only", "end replica replica-1 commit", "observed end commit");
	}

	@Test
	void aRolledBackReadWriteTransactionEndsAsARollbackOnThePrimary() throws SQLException {
		try (Connection connection = this.router.getConnection()) {
			connection.setAutoCommit(false);
			select(connection);
			connection.rollback();
		}
		assertThat(this.events).contains("acquired primary none", "end primary none rollback", "observed end rollback");
	}

	@Test
	void switchingAutoCommitBackOnEndsTheTransactionAsACommit() throws SQLException {
		try (Connection connection = this.router.getConnection()) {
			connection.setAutoCommit(false);
			select(connection);
			connection.setAutoCommit(true);
		}
		assertThat(this.events).contains("end primary none commit").doesNotContain("end primary none rollback");
	}

	@Test
	void closingAConnectionInTheMiddleOfATransactionEndsItAsARollback() throws SQLException {
		try (Connection connection = this.router.getConnection()) {
			connection.setAutoCommit(false);
			select(connection);
		}
		assertThat(this.events).contains("end primary none rollback");
	}

	@Test
	void statementsOutsideATransactionAreDecisionsButNotTransactions() throws SQLException {
		try (Connection connection = this.router.getConnection()) {
			select(connection);
		}
		assertThat(this.events).containsExactly("acquired replica replica-1", "decision replica replica-1 read-statement");
	}

	@Test
	void aFreshConnectionIsValidOnlyIfThePrimaryAnswers() throws Exception {
		try (Connection connection = this.router.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		((HikariDataSource) this.router.getPrimary()).close();
		try (Connection connection = this.router.getConnection()) {
			assertThat(connection.isValid(1)).as("the primary is gone, though the replica answers").isFalse();
		}
	}

	private static void select(Connection connection) throws SQLException {
		try (var statement = connection.prepareStatement("select 1"); var result = statement.executeQuery()) {
			assertThat(result.next()).isTrue();
		}
	}

	private static HikariDataSource pool(String url, long connectionTimeout) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(cluster.username());
		pool.setPassword(cluster.password());
		pool.setMaximumPoolSize(2);
		pool.setConnectionTimeout(connectionTimeout);
		pool.setInitializationFailTimeout(-1);
		return pool;
	}

	private final class RecordingListener implements RoutingListener {

		@Override
		public void onDecision(RoutingTarget target, String replica, RoutingReason reason) {
			RoutingEventsTests.this.events.add("decision " + target.tagValue() + " " + name(replica) + " " + reason.tagValue());
		}

		@Override
		public void onAcquired(RoutingTarget target, String replica, long nanos) {
			assertThat(nanos).isPositive();
			RoutingEventsTests.this.events.add("acquired " + target.tagValue() + " " + name(replica));
		}

		@Override
		public void onTransactionEnd(RoutingTarget target, String replica, long nanos, boolean committed) {
			assertThat(nanos).isPositive();
			RoutingEventsTests.this.events
				.add("end " + target.tagValue() + " " + name(replica) + " " + (committed ? "commit" : "rollback"));
		}

		private static String name(String replica) {
			return (replica != null) ? replica : "none";
		}

	}

}
