package dev.tether.test.fault;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Each fault of the proxy, in front of the real primary, as the PostgreSQL driver sees it. */
class FaultProxyTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private FaultProxy proxy;

	private String table;

	@BeforeEach
	void start() throws SQLException {
		this.proxy = FaultProxy.start("127.0.0.1", cluster.primary().port());
		this.table = "fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = direct(); Statement statement = connection.createStatement()) {
			statement.execute("create table " + this.table + " (id int primary key)");
		}
	}

	@AfterEach
	void stop() {
		this.proxy.close();
	}

	@Test
	void withoutFaultsStatementsGoThroughAndAnswer() throws SQLException {
		try (Connection connection = throughProxy(0)) {
			assertThat(selectOne(connection)).isEqualTo(1);
		}
		assertThat(this.proxy.acceptedConnections()).isEqualTo(1);
	}

	@Test
	void aBlackholedAnswerHangsUntilTheClientsTimeoutAndHealingDeliversIt() throws SQLException {
		try (Connection connection = throughProxy(1)) {
			this.proxy.blackhole(Direction.DOWNSTREAM);
			assertThat(this.proxy.openConnections()).as("sockets stay open while blackholed").isEqualTo(1);
			long started = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(connection));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the socket timeout")
				.isGreaterThanOrEqualTo(Duration.ofMillis(900));
		}
		this.proxy.heal();
		try (Connection connection = throughProxy(0)) {
			assertThat(selectOne(connection)).isEqualTo(1);
		}
	}

	@Test
	void latencyDelaysEveryAnswer() throws SQLException {
		try (Connection connection = throughProxy(0)) {
			this.proxy.latency(Direction.DOWNSTREAM, Duration.ofMillis(200));
			long started = System.nanoTime();
			assertThat(selectOne(connection)).isEqualTo(1);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		}
	}

	@Test
	void aResetFailsTheClientAtOnce() throws SQLException {
		try (Connection connection = throughProxy(0)) {
			selectOne(connection);
			this.proxy.resetAll();
			long started = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(connection));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	void aCutAfterCommitReachedTheServerLosesOnlyTheAnswer() throws SQLException {
		try (Connection connection = throughProxy(0)) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("insert into " + this.table + " values (1)");
			}
			this.proxy.cutAt(Direction.UPSTREAM, "COMMIT".getBytes(StandardCharsets.US_ASCII), FaultProxy.Cut.AFTER);
			assertThatExceptionOfType(SQLException.class).isThrownBy(connection::commit);
		}
		assertThat(rows()).as("the server committed what the client could not confirm").isEqualTo(1);
	}

	@Test
	void aCutBeforeCommitReachesTheServerRollsBack() throws SQLException {
		try (Connection connection = throughProxy(0)) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("insert into " + this.table + " values (1)");
			}
			this.proxy.cutAt(Direction.UPSTREAM, "COMMIT".getBytes(StandardCharsets.US_ASCII), FaultProxy.Cut.BEFORE);
			assertThatExceptionOfType(SQLException.class).isThrownBy(connection::commit);
		}
		// the server sees the connection go away mid-transaction and rolls it back
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> rows() == 0 && backendsGone());
	}

	@Test
	void aHoldAtCommitKeepsItFromTheServerUntilHealedThenDeliversIt() throws SQLException {
		try (Connection connection = throughProxy(1)) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("insert into " + this.table + " values (1)");
			}
			this.proxy.cutAt(Direction.UPSTREAM, "COMMIT".getBytes(StandardCharsets.US_ASCII), FaultProxy.Cut.HOLD);
			assertThatExceptionOfType(SQLException.class).as("the client's socket timeout").isThrownBy(connection::commit);
			assertThat(rows()).as("the COMMIT is held").isZero();
		}
		// the partition ends: the COMMIT the client gave up on still reaches the server
		this.proxy.heal();
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 1);
	}

	@Test
	void refusedAndClosedAfterBytesConnectionsFail() throws SQLException {
		this.proxy.refuseNewConnections(true);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> throughProxy(0).close());
		this.proxy.refuseNewConnections(false).closeAfter(Direction.DOWNSTREAM, 10);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> throughProxy(0).close());
		this.proxy.heal();
		try (Connection connection = throughProxy(0)) {
			assertThat(selectOne(connection)).isEqualTo(1);
		}
	}

	@Test
	void aUrlOfAnotherServerIsNotRewritten() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.proxy.rewrite("jdbc:postgresql://127.0.0.1:1/none"))
			.withMessageContaining("does not name 127.0.0.1:" + cluster.primary().port());
	}

	private boolean backendsGone() throws SQLException {
		try (Connection connection = direct(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from pg_stat_activity where state like 'idle in transaction%'"
						+ " and query like '%" + this.table + "%'")) {
			rs.next();
			return rs.getInt(1) == 0;
		}
	}

	private int rows() throws SQLException {
		try (Connection connection = direct(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from " + this.table)) {
			rs.next();
			return rs.getInt(1);
		}
	}

	private static int selectOne(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("select 1")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	private Connection throughProxy(int socketTimeoutSeconds) throws SQLException {
		Properties properties = credentials();
		properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
		properties.setProperty("connectTimeout", "2");
		return DriverManager.getConnection(this.proxy.rewrite(cluster.primary().jdbcUrl()), properties);
	}

	private static Connection direct() throws SQLException {
		return DriverManager.getConnection(cluster.primary().jdbcUrl(), credentials());
	}

	private static Properties credentials() {
		Properties properties = new Properties();
		properties.setProperty("user", cluster.username());
		properties.setProperty("password", cluster.password());
		return properties;
	}

}
