package dev.tether.binlog;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.binlog.app.BinlogTestApplication.Node;
import dev.tether.binlog.app.BinlogTestApplication.Nodes;
import dev.tether.replica.ReplicaState;
import dev.tether.routing.ReplicaMismatchException;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.RoutingReason;
import dev.tether.routing.RoutingTarget;
import dev.tether.routing.TetherDataSource;
import dev.tether.sql.SqlKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The routing rules on a real MySQL 8 or MariaDB primary and replica (one subclass per database, a
 * {@code @SpringBootTest} of {@link dev.tether.binlog.app.BinlogTestApplication} on its cluster), each asked of the database that answered
 * ({@code @@server_id}: 1 on the primary, 2 on the replica; {@code @@read_only}).
 */
public abstract class AbstractRoutingTests {

	@Autowired
	Nodes nodes;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	RoutingCounters counters;

	@BeforeEach
	void oneRowReplicated() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS binlog_item (id BIGINT PRIMARY KEY, name VARCHAR(64)) ENGINE=InnoDB");
		this.jdbc.update("DELETE FROM binlog_item WHERE TRUE");
		this.jdbc.update("INSERT INTO binlog_item (id, name) VALUES (1, 'one')");
		fixture().awaitReplicasCaughtUp(Duration.ofSeconds(10));
		// and admitted: the first test of a fresh context can start before the probe's first round
		// has found the replica UP (as RoutingIntegrationTests once did on PostgreSQL), and its
		// read-only work would then run on the primary
		await().atMost(Duration.ofSeconds(10)).until(() -> TetherDataSource.find(this.dataSource)
			.getMonitor()
			.health(fixture().replicaName())
			.state() == ReplicaState.UP);
	}

	@Test
	void readOnlyTransactionRunsOnTheReplica() {
		Node node = this.nodes.readOnly();
		assertThat(node.serverId()).isEqualTo(2);
		assertThat(node.readOnly()).isTrue();
	}

	@Test
	void readWriteTransactionRunsOnThePrimary() {
		Node node = this.nodes.readWrite();
		assertThat(node.serverId()).isEqualTo(1);
		assertThat(node.readOnly()).isFalse();
	}

	@Test
	void forceMasterSendsAReadOnlyTransactionToThePrimary() {
		assertThat(this.nodes.forced().serverId()).isEqualTo(1);
	}

	@Test
	void aTransactionKeepsOneNodeAndOneConnectionForAllItsStatements() {
		List<Node> seen = this.nodes.manyStatements(10);
		assertThat(seen).extracting(Node::serverId).containsOnly(2);
		assertThat(seen).extracting(Node::connectionId).containsOnly(seen.get(0).connectionId());
	}

	@Test
	void theMysqlDialectIsPickedFromThePrimarysMetadata() {
		// PostgreSQL rules would see FOR UPDATE in both and refuse them; MySQL's see a comment and strings.
		assertThat(this.nodes.inReadOnly("SELECT @@server_id # FOR UPDATE")).isEqualTo("2");
		assertThat(this.nodes.inReadOnly("SELECT COUNT(*) FROM binlog_item WHERE name = 'it\\'s' OR name = ' FOR UPDATE'"))
			.isEqualTo("0");
	}

	@Test
	void forUpdateInAReadOnlyTransactionFailsFastNamingTheMethod() {
		long before = this.counters.mismatches(SqlKind.LOCKING_READ);
		assertThatExceptionOfType(ReplicaMismatchException.class)
			.isThrownBy(() -> this.nodes.inReadOnly("SELECT name FROM binlog_item WHERE id = 1 FOR UPDATE"))
			.withMessageContaining("LOCKING_READ")
			.withMessageContaining("routed to a replica")
			.withMessageContaining(Nodes.class.getName() + ".inReadOnly")
			.withMessageContaining("Nothing was sent to the database");
		assertThat(this.counters.mismatches(SqlKind.LOCKING_READ)).isEqualTo(before + 1);
	}

	@Test
	void aLockingReadInATransactionPinnedToTheReplicaFailsFastNamingTheReplica() {
		List<Node> firstRead = new java.util.ArrayList<>();
		assertThatExceptionOfType(ReplicaMismatchException.class)
			.isThrownBy(() -> this.nodes.readThenRun("SELECT name FROM binlog_item WHERE id = 1 FOR UPDATE", firstRead))
			.withMessageContaining("replica 'replica-1'");
		assertThat(firstRead).extracting(Node::serverId).containsExactly(2);
		firstRead.clear();
		assertThatExceptionOfType(ReplicaMismatchException.class)
			.isThrownBy(() -> this.nodes.readThenRun("SELECT name FROM binlog_item WHERE id = 1 LOCK IN SHARE MODE", firstRead))
			.withMessageContaining("replica 'replica-1'");
	}

	@Test
	void lockInShareModeAndNamedLocksInAReadOnlyTransactionFailFast() {
		// On the replica itself these would succeed silently, locking nothing the primary knows of.
		assertThatExceptionOfType(ReplicaMismatchException.class)
			.isThrownBy(() -> this.nodes.inReadOnly("SELECT name FROM binlog_item WHERE id = 1 LOCK IN SHARE MODE"))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(SqlKind.LOCKING_READ));
		assertThatExceptionOfType(ReplicaMismatchException.class)
			.isThrownBy(() -> this.nodes.inReadOnly("SELECT GET_LOCK('tether', 0)"))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(SqlKind.LOCKING_READ));
	}

	@Test
	void writesInAReadOnlyTransactionFailFastAndLeaveDataUntouched() {
		assertThatExceptionOfType(ReplicaMismatchException.class)
			.isThrownBy(() -> this.nodes.updateInReadOnly(
					"INSERT INTO binlog_item (id, name) VALUES (1, \"secret\") ON DUPLICATE KEY UPDATE name = VALUES(name)"))
			.withMessageContaining("WRITE")
			.withMessageNotContaining("secret");
		assertThatExceptionOfType(ReplicaMismatchException.class)
			.isThrownBy(() -> this.nodes.updateInReadOnly("REPLACE INTO binlog_item (id, name) VALUES (1, 'x')"));
		assertThat(onPrimary("SELECT name FROM binlog_item WHERE id = 1")).isEqualTo("one");
	}

	@Test
	void statementsOutsideATransactionAreRoutedOneByOne() {
		long replicaReads = this.counters.decisions(RoutingTarget.REPLICA, RoutingReason.READ_STATEMENT);
		long lockingReads = this.counters.decisions(RoutingTarget.PRIMARY, RoutingReason.LOCKING_READ);
		assertThat(this.jdbc.queryForObject("SELECT @@server_id FROM binlog_item WHERE id = 1", Integer.class)).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT @@server_id FROM binlog_item WHERE id = 1 FOR UPDATE", Integer.class))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT @@server_id FROM binlog_item WHERE id = 1 LOCK IN SHARE MODE",
				Integer.class))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT @@server_id FROM binlog_item WHERE GET_LOCK('t', 0) = 1", Integer.class))
			.isEqualTo(1);
		assertThat(this.counters.decisions(RoutingTarget.REPLICA, RoutingReason.READ_STATEMENT)).isEqualTo(replicaReads + 1);
		assertThat(this.counters.decisions(RoutingTarget.PRIMARY, RoutingReason.LOCKING_READ)).isEqualTo(lockingReads + 3);
	}

	@Test
	void aUserVariableSetOutsideATransactionIsSetWhereTheWritesGo() {
		// SELECT ... INTO @var is a session statement: on the replica, the UPDATE on the primary
		// would find the variable NULL.
		this.jdbc.execute((java.sql.Connection connection) -> {
			try (java.sql.Statement statement = connection.createStatement()) {
				statement.execute("SELECT name INTO @tether_name FROM binlog_item WHERE id = 1");
				return statement.executeUpdate("UPDATE binlog_item SET name = CONCAT(@tether_name, '!') WHERE id = 1");
			}
		});
		assertThat(onPrimary("SELECT name FROM binlog_item WHERE id = 1")).isEqualTo("one!");
	}

	private String onPrimary(String sql) {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			return this.jdbc.queryForObject(sql, String.class);
		}
	}

	/** The cluster to prove it on. */
	protected abstract BinlogFixture fixture();

}
