package dev.tether.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaState;
import dev.tether.routing.CausalSession;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import dev.tether.test.mysql.SharedReplicatedMySql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The own GTID as a Spring Boot application gets it, with no setting: the auto-configuration adds
 * {@code trackSessionState=true} to the primary's HikariCP pool, and a read right after a write reads
 * it without a position question to the primary. The questions are counted by a Connector/J
 * {@code queryInterceptors} class on the primary's URL, on the test's thread only (the replica
 * monitor asks the same on its own thread). With {@code tether.routing.causal-own-gtid=false}, every
 * read after a write asks once.
 */
@ExtendWith(ReplicatedMySqlExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // @BeforeAll needs the cluster the extension started
class MySqlOwnGtidBootTests {

	private static final int WRITES = 20;

	private ApplicationContextRunner runner;

	private final AtomicLong ids = new AtomicLong();

	@BeforeAll
	void cluster() throws SQLException {
		EmbeddedReplicatedMySql mysql = SharedReplicatedMySql.get();
		try (Connection connection = mysql.primary().openAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS own_gtid_boot (id BIGINT PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB");
		}
		mysql.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
			.withPropertyValues(
					"spring.datasource.url=" + mysql.primary().jdbcUrl() + "?queryInterceptors="
							+ PositionQuestions.class.getName(),
					"spring.datasource.username=" + mysql.username(), "spring.datasource.password=" + mysql.password(),
					// small pools (not the defaults) for the shared test machine, and a max-lag (default 5 s) no
					// replay delay of a loaded machine reaches, since the test waits for the replica UP before
					// counting; the default lag limit has its own tests (ReplicaHealthTests)
					"spring.datasource.hikari.maximum-pool-size=4",
					"tether.replicas.replica-1.url=" + mysql.replica(0).jdbcUrl(),
					"tether.replicas.replica-1.pool.maximum-pool-size=4", "tether.replica.max-lag=30s");
	}

	@Test
	void anAutoConfiguredMySqlPrimaryGivesEachWriteItsGtidAndTheReadAsksThePrimaryNothing() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource.unwrap(HikariDataSource.class).getDataSourceProperties())
				.containsEntry("trackSessionState", "true");
			long[] counts = writeThenRead(dataSource);
			assertThat(counts[0]).as("stale reads of one's own writes").isZero();
			assertThat(counts[1]).as("position questions to the primary").isZero();
		});
	}

	@Test
	void withTheOwnGtidSwitchedOffEveryReadAfterAWriteAsksThePrimaryOnce() {
		this.runner.withPropertyValues("tether.routing.causal-own-gtid=false").run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource.unwrap(HikariDataSource.class).getDataSourceProperties()).isEmpty();
			long[] counts = writeThenRead(dataSource);
			assertThat(counts[0]).as("stale reads of one's own writes").isZero();
			assertThat(counts[1]).as("position questions to the primary").isEqualTo(WRITES);
		});
	}

	/** @return stale reads, position questions of the measured writes and reads (after a warm-up) */
	private long[] writeThenRead(DataSource dataSource) {
		TetherDataSource router = TetherDataSource.find(dataSource);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> router.getMonitor().positionsKnown()
					&& router.getMonitor().health("replica-1").state() == ReplicaState.UP);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
		TransactionTemplate readWrite = new TransactionTemplate(transactions);
		TransactionTemplate readOnly = new TransactionTemplate(transactions);
		readOnly.setReadOnly(true);
		long stale = 0;
		long before = 0;
		for (int i = -5; i < WRITES; i++) {
			if (i == 0) {
				// warmed up: the monitor knows the GTID source, the primary connections track GTIDs
				PositionQuestions.counted = Thread.currentThread();
				before = PositionQuestions.COUNT.get();
			}
			long id = this.ids.incrementAndGet();
			try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(new CausalSession())) {
				readWrite.executeWithoutResult(
						(status) -> jdbc.update("INSERT INTO own_gtid_boot (id, v) VALUES (?, ?)", id, id * 10));
				Long seen = readOnly.execute((status) -> jdbc.queryForObject(
						"SELECT COALESCE((SELECT v FROM own_gtid_boot WHERE id = ?), -1)", Long.class, id));
				stale += (i >= 0 && seen != id * 10) ? 1 : 0;
			}
		}
		PositionQuestions.counted = null;
		return new long[] { stale, PositionQuestions.COUNT.get() - before };
	}

	/**
	 * Counts the primary's position questions sent on the counted thread. Public, with a public
	 * constructor: Connector/J creates it from its class name.
	 */
	public static final class PositionQuestions implements QueryInterceptor {

		static final AtomicLong COUNT = new AtomicLong();

		static volatile Thread counted;

		@Override
		public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
			return this;
		}

		@Override
		public <T extends Resultset> T preProcess(Supplier<String> sql, Query query) {
			if (Thread.currentThread() == counted && sql.get().contains("gtid_executed")) {
				COUNT.incrementAndGet();
			}
			return null;
		}

		@Override
		public boolean executeTopLevelOnly() {
			return true;
		}

		@Override
		public void destroy() {
		}

		@Override
		public <T extends Resultset> T postProcess(Supplier<String> sql, Query query, T result, ServerSession session) {
			return null;
		}

	}

}
