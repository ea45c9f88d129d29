package dev.tether.routing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaState;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract every JDBC wrapper of a logical connection keeps, on the real primary and replica:
 * a statement (and the metadata) hands out the logical connection, never the physical one that
 * would bypass the router; equality is identity and survives a failover; a read whose replica
 * connection breaks at its first execution moves with its parameters; and a statement that failed
 * over to the primary still counts the rows it changes against the row limit.
 */
class JdbcWrapperContractTests {

	private static EmbeddedReplicatedPostgres cluster;

	private static HikariDataSource primaryPool;

	private static JdbcTemplate primary;

	private final AtomicBoolean breakNextExecution = new AtomicBoolean();

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
		primary.execute("drop table if exists wrapper_item");
		primary.execute("create table wrapper_item (id int primary key, price int not null default 100)");
		primary.update("insert into wrapper_item (id) select i from generate_series(1, 50) i");
		cluster.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(10));
	}

	@AfterEach
	void close() {
		if (this.router != null) {
			this.router.close();
		}
	}

	private TetherDataSource router(StatementGuards guards) {
		this.router = TetherDataSource.builder(pool(cluster.primary().jdbcUrl()))
			.replica("replica-1", new BreakingReplica(pool(cluster.replica(0).jdbcUrl()), this.breakNextExecution))
			.guards(guards)
			.build();
		// the first probe round's verdict must not land after (and undo) a failover's "down"
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (this.router.getMonitor().health("replica-1").state() == ReplicaState.UNKNOWN
				&& System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		return this.router;
	}

	@Test
	void everyStatementAndTheMetadataHandOutTheLogicalConnection() throws SQLException {
		try (Connection connection = router(StatementGuards.defaults()).getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement prepared = connection.prepareStatement("select price from wrapper_item where id = ?");
					CallableStatement callable = connection.prepareCall("select 1");
					Statement plain = connection.createStatement()) {
				assertThat(prepared.getConnection()).isSameAs(connection);
				assertThat(callable.getConnection()).isSameAs(connection);
				assertThat(plain.getConnection()).isSameAs(connection);
				assertThat(connection.getMetaData().getConnection()).isSameAs(connection);
				assertThat(prepared.isWrapperFor(PreparedStatement.class)).isTrue();
				assertThat(prepared.unwrap(org.postgresql.PGStatement.class)).isNotNull();
			}
			connection.commit();
		}
	}

	@Test
	void theFirstStatementOfAReadHasAnIdentityHashCodeThatAFailoverCannotChange() throws SQLException {
		try (Connection connection = router(StatementGuards.defaults()).getConnection()) {
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			PreparedStatement statement = connection.prepareStatement("select price from wrapper_item where id = ?");
			int before = statement.hashCode();
			this.breakNextExecution.set(true);
			statement.setInt(1, 7);
			try (ResultSet result = statement.executeQuery()) {
				assertThat(result.next()).isTrue();
				assertThat(result.getInt(1)).isEqualTo(100);
			}
			assertThat(statement.hashCode()).isEqualTo(before).isEqualTo(System.identityHashCode(statement));
			assertThat(statement).isEqualTo(statement);
			statement.close();
			connection.commit();
		}
	}

	@Test
	void aReadWhoseReplicaBreaksAtItsFirstExecutionMovesWithItsParameters() throws SQLException {
		try (Connection connection = router(StatementGuards.defaults()).getConnection()) {
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			try (PreparedStatement statement = connection
				.prepareStatement("select id, pg_is_in_recovery() from wrapper_item where id between ? and ? order by id")) {
				statement.setFetchSize(10);
				statement.setInt(1, 3);
				statement.setLong(2, 4L);
				this.breakNextExecution.set(true);
				try (ResultSet result = statement.executeQuery()) {
					assertThat(result.next()).isTrue();
					assertThat(result.getInt(1)).isEqualTo(3);
					assertThat(result.getBoolean(2)).as("moved to the primary, the only other node").isFalse();
					assertThat(result.next()).isTrue();
					assertThat(result.getInt(1)).isEqualTo(4);
					assertThat(result.next()).isFalse();
				}
				assertThat(statement.getFetchSize()).isEqualTo(10);
			}
			connection.commit();
		}
		assertThat(this.router.getMonitor().health("replica-1").state()).isEqualTo(ReplicaState.DOWN);
	}

	@Test
	void aPlainStatementThatFailedOverToThePrimaryStillCountsItsRowsAgainstTheLimit() throws SQLException {
		// a row limit is not a default: it is what this test is about
		router(new StatementGuards(GuardAction.FAIL, 10, GuardAction.FAIL));
		try (Connection connection = this.router.getConnection(); Statement statement = connection.createStatement()) {
			this.breakNextExecution.set(true);
			try (ResultSet result = statement.executeQuery("select count(*) from wrapper_item")) {
				assertThat(result.next()).isTrue();
				assertThat(result.getInt(1)).isEqualTo(50);
			}
			// auto-commit write on the same statement, now on the primary where the read moved
			assertThatExceptionOfType(StatementGuardException.class)
				.isThrownBy(() -> statement.executeUpdate("update wrapper_item set price = 1 where id <= 20"))
				.satisfies((ex) -> assertThat(ex.getRule()).isEqualTo(GuardRule.MAX_ROWS));
		}
		assertThat(primary.queryForObject("select count(*) from wrapper_item where price <> 100", Integer.class))
			.isZero();
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

	/**
	 * A replica whose next statement execution, once armed, fails as a connection that broke
	 * (SQLState 08006), as a replica that died since its connection was pooled does.
	 */
	static final class BreakingReplica extends AbstractDataSource implements AutoCloseable {

		private final HikariDataSource pool;

		private final AtomicBoolean armed;

		BreakingReplica(HikariDataSource pool, AtomicBoolean armed) {
			this.pool = pool;
			this.armed = armed;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection real = this.pool.getConnection();
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> {
						Object result = invoke(real, method, args);
						if (result instanceof Statement statement) {
							String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text : null;
							return breaking(statement, method.getReturnType(), sql);
						}
						return result;
					});
		}

		/** Breaks only the test's own statements: the replica monitor's probe uses this pool too. */
		private Object breaking(Statement statement, Class<?> type, String preparedSql) {
			return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
				String sql = (preparedSql != null) ? preparedSql
						: (args != null && args.length > 0 && args[0] instanceof String text) ? text : "";
				if (method.getName().startsWith("execute") && sql.contains("wrapper_item")
						&& this.armed.compareAndSet(true, false)) {
					throw new SQLException("An I/O error occurred while sending to the backend", "08006");
				}
				return invoke(statement, method, args);
			});
		}

		private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public void close() {
			this.pool.close();
		}

	}

}
