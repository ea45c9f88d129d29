package dev.tether.batch;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Which SQL a bulk update speaks, by the product name of the primary's JDBC metadata (stubbed: pure logic). */
class BulkSqlTests {

	@Test
	void postgresqlGetsLockTimeoutAndArrays() throws Exception {
		assertThat(BulkSql.of(reporting("PostgreSQL"))).isInstanceOf(PostgresBulkSql.class);
	}

	@Test
	void mysqlAndMariaDbGetTheSessionLockWaitTimeoutAndInLists() throws Exception {
		assertThat(BulkSql.of(reporting("MySQL"))).isInstanceOf(MySqlBulkSql.class);
		assertThat(BulkSql.of(reporting("MariaDB"))).isInstanceOf(MySqlBulkSql.class);
	}

	@Test
	void anotherDatabaseIsRefusedNamingTheProductTheMethodAndTheSwitch() {
		assertThatIllegalStateException().isThrownBy(() -> BulkSql.of(reporting("Apache Derby")))
			.withMessageContaining("BulkUpdate.execute()")
			.withMessageContaining("Apache Derby")
			.withMessageContaining("tether.batch.enabled=false");
	}

	/** A data source whose connections report a database product, and nothing else. */
	private static DataSource reporting(String product) {
		DatabaseMetaData metaData = stub(DatabaseMetaData.class, "getDatabaseProductName", product);
		Connection connection = stub(Connection.class, "getMetaData", metaData);
		return stub(DataSource.class, "getConnection", connection);
	}

	private static <T> T stub(Class<T> type, String method, Object answer) {
		return type.cast(Proxy.newProxyInstance(BulkSqlTests.class.getClassLoader(), new Class<?>[] { type },
				(proxy, invoked, arguments) -> {
					if (invoked.getName().equals(method)) {
						return answer;
					}
					if (invoked.getName().equals("close")) {
						return null;
					}
					throw new UnsupportedOperationException(invoked.getName());
				}));
	}

}
