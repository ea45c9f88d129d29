package dev.tether.routing;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.tether.sql.SqlDialect;
import dev.tether.sql.SqlKind;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The router reads the SQL dialect from the primary's metadata at the first routed connection, once,
 * and never before: building it takes no connection.
 */
class SqlDialectDetectionTests {

	/** A MySQL-only comment: PostgreSQL rules see the FOR UPDATE, MySQL rules do not. */
	private static final String HASH_COMMENT = "SELECT 1 # FOR UPDATE";

	@Test
	void buildingTheRouterDoesNotAskThePrimary() {
		StubPrimary primary = new StubPrimary("MariaDB");
		TetherDataSource router = TetherDataSource.builder(primary).replica("r", new StubPrimary("MariaDB")).build();
		// the replica monitor probes in the background; the router itself reads nothing until used
		assertThat(primary.defaultsRead).hasValue(0);
		assertThat(router.sqlDialect()).isNull();
	}

	@Test
	void aMariaDbPrimaryGetsTheMysqlClassifierAtTheFirstConnection() throws SQLException {
		StubPrimary primary = new StubPrimary("MariaDB");
		TetherDataSource router = TetherDataSource.builder(primary).replica("r", new StubPrimary("MariaDB")).build();
		try (Connection connection = router.getConnection()) {
			assertThat(router.sqlDialect()).isEqualTo(SqlDialect.MYSQL);
			assertThat(router.classifier().classify(HASH_COMMENT)).isEqualTo(SqlKind.READ);
		}
		try (Connection connection = router.getConnection()) {
			assertThat(primary.defaultsRead).as("detected once").hasValue(1);
		}
	}

	@Test
	void aPostgresqlPrimaryGetsThePostgresqlClassifier() throws SQLException {
		TetherDataSource router = TetherDataSource.builder(new StubPrimary("PostgreSQL"))
			.replica("r", new StubPrimary("PostgreSQL"))
			.build();
		router.getConnection().close();
		assertThat(router.sqlDialect()).isEqualTo(SqlDialect.POSTGRESQL);
		assertThat(router.classifier().classify(HASH_COMMENT)).isEqualTo(SqlKind.LOCKING_READ);
	}

	@Test
	void anUnknownProductIsClassifiedWithThePostgresqlRules() throws SQLException {
		TetherDataSource router = TetherDataSource.builder(new StubPrimary("H2")).replica("r", new StubPrimary("H2")).build();
		router.getConnection().close();
		assertThat(router.sqlDialect()).isEqualTo(SqlDialect.POSTGRESQL);
	}

	@Test
	void aDialectGivenToTheBuilderWinsOverTheMetadata() throws SQLException {
		TetherDataSource router = TetherDataSource.builder(new StubPrimary("SomeProxy"))
			.replica("r", new StubPrimary("SomeProxy"))
			.sqlDialect(SqlDialect.MYSQL)
			.build();
		router.getConnection().close();
		assertThat(router.sqlDialect()).isEqualTo(SqlDialect.MYSQL);
	}

	@Test
	void aDialectGivenToTheBuilderAlsoChoosesTheReplicationProbe() throws SQLException {
		TetherDataSource router = TetherDataSource.builder(new StubPrimary("SomeProxy"))
			.replica("r", new StubPrimary("SomeProxy"))
			.sqlDialect(SqlDialect.POSTGRESQL)
			.build();
		try {
			// behind a proxy that reports another product name: without the probe, no lag and no causal reads
			assertThat(router.getMonitor().probe()).isNotNull()
				.extracting((probe) -> probe.getClass().getSimpleName())
				.isEqualTo("PostgresReplicationProbe");
		}
		finally {
			router.getMonitor().close();
		}
	}

	@Test
	void aPrimaryThatIsDownFailsTheConnectionAndIsAskedAgainLater() throws SQLException {
		StubPrimary primary = new StubPrimary("MySQL");
		primary.down = true;
		TetherDataSource router = TetherDataSource.builder(primary).replica("r", new StubPrimary("MySQL")).build();
		assertThatExceptionOfType(SQLException.class).isThrownBy(router::getConnection);
		assertThat(router.sqlDialect()).isNull();
		primary.down = false;
		router.getConnection().close();
		assertThat(router.sqlDialect()).isEqualTo(SqlDialect.MYSQL);
	}

	@Test
	void concurrentFirstConnectionsDetectTheDialectOnce() throws Exception {
		StubPrimary primary = new StubPrimary("MySQL");
		TetherDataSource router = TetherDataSource.builder(primary).replica("r", new StubPrimary("MySQL")).build();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		for (int i = 0; i < 8; i++) {
			Thread thread = new Thread(() -> {
				try {
					start.await();
					router.getConnection().close();
					assertThat(router.classifier()).isNotNull();
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join(10_000);
		}
		assertThat(failures).isEmpty();
		// the replica monitor borrows primary connections of its own; detection reads the defaults once
		assertThat(primary.defaultsRead).hasValue(1);
	}

	/** A primary whose connections only answer what detection asks. */
	static final class StubPrimary extends AbstractDataSource {

		final AtomicInteger connections = new AtomicInteger();

		/** Reads of the connection defaults: what dialect detection does, once. */
		final AtomicInteger defaultsRead = new AtomicInteger();

		final String productName;

		volatile boolean down;

		StubPrimary(String productName) {
			this.productName = productName;
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.down) {
				throw new SQLException("Connection refused", "08001");
			}
			this.connections.incrementAndGet();
			DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { DatabaseMetaData.class },
					(proxy, method, args) -> method.getName().equals("getDatabaseProductName") ? this.productName : null);
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> switch (method.getName()) {
						case "getMetaData" -> metaData;
						case "getAutoCommit" -> {
							this.defaultsRead.incrementAndGet();
							yield true;
						}
						case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
						default -> null;
					});
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

	}

}
