package dev.tether.faults;

import java.sql.Connection;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mariadb.SharedReplicatedMariaDb;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.mysql.SharedReplicatedMySql;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replica pools Tether creates give each driver connect, login and socket timeouts, so no
 * connection waits on a dead host forever; a timeout written in the replica's URL wins. Checked on
 * the drivers' real connections: {@code getNetworkTimeout()} is the socket timeout each applied.
 */
class DriverTimeoutsTests {

	@Test
	void postgresReplicaConnectionsGetTheSocketConnectAndLoginTimeouts() throws Exception {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		Applied applied = replicaPool(cluster.primary().jdbcUrl(), cluster.replica(0).jdbcUrl(), cluster.username(),
				cluster.password());
		assertThat(applied.networkTimeoutMillis()).isEqualTo(300_000);
		assertThat(applied.properties()).isEqualTo("{connectTimeout=5, loginTimeout=5, socketTimeout=300}");
	}

	@Test
	void aPostgresTimeoutInTheReplicaUrlWins() throws Exception {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		Applied applied = replicaPool(cluster.primary().jdbcUrl(), cluster.replica(0).jdbcUrl() + "?socketTimeout=7",
				cluster.username(), cluster.password());
		assertThat(applied.networkTimeoutMillis()).isEqualTo(7_000);
		assertThat(applied.properties()).isEqualTo("{connectTimeout=5, loginTimeout=5}");
	}

	@Test
	void mysqlReplicaConnectionsGetTheSocketAndConnectTimeouts() throws Exception {
		EmbeddedReplicatedMySql cluster = SharedReplicatedMySql.get();
		Applied applied = replicaPool(cluster.primary().jdbcUrl(), cluster.replica(0).jdbcUrl(), cluster.username(),
				cluster.password());
		assertThat(applied.networkTimeoutMillis()).isEqualTo(300_000);
		assertThat(applied.properties()).isEqualTo("{connectTimeout=5000, socketTimeout=300000}");
	}

	@Test
	void mariaDbReplicaConnectionsGetTheSocketAndConnectTimeouts() throws Exception {
		EmbeddedReplicatedMariaDb cluster = SharedReplicatedMariaDb.get();
		Applied applied = replicaPool(cluster.primary().jdbcUrl(), cluster.replica(0).jdbcUrl(), cluster.username(),
				cluster.password());
		assertThat(applied.networkTimeoutMillis()).isEqualTo(300_000);
		assertThat(applied.properties()).isEqualTo("{connectTimeout=5000, socketTimeout=300000}");
	}

	private static Applied replicaPool(String primaryUrl, String replicaUrl, String username, String password) {
		Applied[] applied = new Applied[1];
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + primaryUrl, "spring.datasource.username=" + username,
					"spring.datasource.password=" + password, "tether.replicas.replica-1.url=" + replicaUrl,
					// the driver's settings are checked, not the pool's speed: the first connection to a
					// freshly started MySQL took over the 1 s default in a full build on 2 loaded cores
					"tether.replicas.replica-1.pool.connection-timeout=30s")
			.run((context) -> {
				TetherDataSource router = context.getBean(DataSource.class).unwrap(TetherDataSource.class);
				DataSource replica = router.getReplicas().get("replica-1");
				try (Connection connection = replica.getConnection()) {
					applied[0] = new Applied(connection.getNetworkTimeout(),
							new java.util.TreeMap<>(replica.unwrap(HikariDataSource.class).getDataSourceProperties()).toString());
				}
			});
		return applied[0];
	}

	record Applied(int networkTimeoutMillis, String properties) {

	}

}
