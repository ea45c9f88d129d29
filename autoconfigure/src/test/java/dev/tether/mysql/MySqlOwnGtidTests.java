package dev.tether.mysql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaState;
import dev.tether.routing.CausalSession;
import dev.tether.routing.ReadPolicy;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import dev.tether.test.mysql.SharedReplicatedMySql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commit's own GTID on MySQL 8 through Connector/J ({@code trackSessionState=true} on the URL,
 * {@code session_track_gtids=OWN_GTID} set by Tether): a read right after the session's write reads
 * that write, on the replica once it has the GTID or on the primary behind a {@code SOURCE_DELAY},
 * and sends the primary no question about its position. The questions are counted on the primary's
 * {@code DataSource}, on the test's own thread: the replica monitor asks the same on its thread,
 * every probe round. With the feature off, or a URL without session tracking, every read after a
 * write asks the primary once, as before.
 */
@ExtendWith(ReplicatedMySqlExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // @BeforeAll needs the cluster the extension started
class MySqlOwnGtidTests {

	private static final int WRITES = 40;

	private EmbeddedReplicatedMySql mysql;

	private final AtomicLong ids = new AtomicLong();

	@BeforeAll
	void table() throws SQLException {
		this.mysql = SharedReplicatedMySql.get();
		try (Connection connection = this.mysql.primary().openAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS own_gtid (id BIGINT PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB");
		}
		this.mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@Test
	void aReadAfterAWriteReadsItOnTheReplicaWithoutAskingThePrimary() throws Exception {
		try (Router router = new Router(this.mysql, "?trackSessionState=true", true)) {
			Counts counts = router.writeThenRead(WRITES);
			assertThat(counts.stale).as("stale reads of one's own writes").isZero();
			assertThat(counts.onReplica).as("own reads on the replica, which had the commit's GTID").isPositive();
			assertThat(counts.questions).as("position questions to the primary").isZero();
		}
	}

	@Test
	void behindASourceDelayAReadAfterAWriteWaitsAndReadsItOnThePrimaryWithoutAskingIt() throws Exception {
		try (Router router = new Router(this.mysql, "?trackSessionState=true", true)) {
			try {
				this.mysql.replica(0).setDelay(Duration.ofSeconds(2));
				Counts counts = router.writeThenRead(WRITES);
				assertThat(counts.stale).as("stale reads of one's own writes").isZero();
				assertThat(counts.onReplica).as("own reads on the delayed replica").isLessThan(WRITES / 4);
				assertThat(counts.questions).as("position questions to the primary").isZero();
			}
			finally {
				this.mysql.replica(0).setDelay(Duration.ZERO);
			}
		}
	}

	@Test
	void withTheOwnGtidOffEveryReadAfterAWriteAsksThePrimaryOnce() throws Exception {
		try (Router router = new Router(this.mysql, "?trackSessionState=true", false)) {
			Counts counts = router.writeThenRead(WRITES);
			assertThat(counts.stale).as("stale reads of one's own writes").isZero();
			assertThat(counts.questions).as("position questions to the primary").isEqualTo(WRITES);
		}
	}

	@Test
	void withoutSessionTrackingOnTheUrlEveryReadAfterAWriteAsksThePrimaryOnce() throws Exception {
		try (Router router = new Router(this.mysql, "", true)) {
			Counts counts = router.writeThenRead(WRITES);
			assertThat(counts.stale).as("stale reads of one's own writes").isZero();
			assertThat(counts.questions).as("position questions to the primary").isEqualTo(WRITES);
		}
	}

	private record Counts(int stale, int onReplica, long questions) {

	}

	/** A router over the shared cluster whose primary counts the position questions of one thread. */
	private final class Router implements AutoCloseable {

		private final HikariDataSource primaryPool;

		private final HikariDataSource replicaPool;

		private final TetherDataSource router;

		private final JdbcTemplate jdbc;

		private final TransactionTemplate readOnly;

		private final TransactionTemplate readWrite;

		private final AtomicLong questions = new AtomicLong();

		private volatile Thread counted;

		Router(EmbeddedReplicatedMySql mysql, String urlParameters, boolean ownGtid) {
			this.primaryPool = pool(mysql.primary().jdbcUrl() + urlParameters, "own-gtid-primary");
			this.replicaPool = pool(mysql.replica(0).jdbcUrl(), "own-gtid-replica");
			this.router = TetherDataSource.builder(counting(this.primaryPool))
				.replica("replica", this.replicaPool)
				.probeInterval(Duration.ofMillis(500)) // a loaded machine misses 100 ms probes of a TLS primary
				.maxLag(Duration.ofSeconds(30))
				.readPolicy(ReadPolicy.defaults())
				.causalOwnGtid(ownGtid)
				.build();
			this.jdbc = new JdbcTemplate(this.router);
			DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.router);
			this.readOnly = new TransactionTemplate(transactions);
			this.readOnly.setReadOnly(true);
			this.readWrite = new TransactionTemplate(transactions);
		}

		/**
		 * Writes and reads back, each pair in a new session, after a warm-up that lets the monitor
		 * learn the primary's GTID source and the primary connection its first commit (after which
		 * Tether turns GTID tracking on); counts the position questions of the measured pairs only.
		 */
		Counts writeThenRead(int writes) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.router.getMonitor().positionsKnown()
						&& this.router.getMonitor().health("replica").state() == ReplicaState.UP);
			for (int i = 0; i < 3; i++) {
				writeThenRead();
			}
			this.counted = Thread.currentThread();
			int stale = 0;
			int onReplica = 0;
			try {
				for (int i = 0; i < writes; i++) {
					long[] seen = writeThenRead();
					stale += (seen[0] != seen[2]) ? 1 : 0;
					onReplica += (seen[1] == SharedReplicatedMySql.get().replica(0).serverId()) ? 1 : 0;
				}
			}
			finally {
				this.counted = null;
			}
			return new Counts(stale, onReplica, this.questions.get());
		}

		/** @return the value read, the server id that answered, the value written */
		private long[] writeThenRead() {
			long id = MySqlOwnGtidTests.this.ids.incrementAndGet();
			try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
				this.readWrite.executeWithoutResult(
						(status) -> this.jdbc.update("INSERT INTO own_gtid (id, v) VALUES (?, ?)", id, id * 10));
				long[] seen = this.readOnly.execute((status) -> this.jdbc.query(
						"SELECT (SELECT v FROM own_gtid WHERE id = ?), @@server_id",
						(rs) -> rs.next() ? new long[] { rs.getLong(1), rs.getLong(2), id * 10 } : null, id));
				return seen;
			}
		}

		/** The primary, counting the statements that ask for its GTIDs on the counted thread. */
		private DataSource counting(DataSource primary) {
			return proxy(DataSource.class, primary);
		}

		@SuppressWarnings("unchecked")
		private <T> T proxy(Class<T> type, T target) {
			InvocationHandler handler = (self, method, args) -> {
				if (args != null && args.length > 0 && args[0] instanceof String sql
						&& sql.contains("gtid_executed") && Thread.currentThread() == this.counted) {
					this.questions.incrementAndGet();
				}
				Object result;
				try {
					result = method.invoke(target, args);
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
				if (result instanceof Connection connection && method.getReturnType() == Connection.class) {
					return proxy(Connection.class, connection);
				}
				if (result instanceof Statement statement && method.getReturnType().isInterface()
						&& Statement.class.isAssignableFrom(method.getReturnType())) {
					return proxy((Class<Statement>) method.getReturnType(), statement);
				}
				return result;
			};
			return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, handler);
		}

		private static HikariDataSource pool(String url, String name) {
			EmbeddedReplicatedMySql mysql = SharedReplicatedMySql.get();
			HikariConfig config = new HikariConfig();
			config.setPoolName(name);
			config.setJdbcUrl(url);
			config.setUsername(mysql.username());
			config.setPassword(mysql.password());
			config.setMaximumPoolSize(4);
			config.setMinimumIdle(1);
			config.setConnectionTimeout(2000);
			config.setInitializationFailTimeout(-1);
			return new HikariDataSource(config);
		}

		@Override
		public void close() {
			this.router.close();
			this.primaryPool.close();
			this.replicaPool.close();
		}

	}

}
