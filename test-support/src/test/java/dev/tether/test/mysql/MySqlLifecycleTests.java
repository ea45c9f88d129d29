package dev.tether.test.mysql;

import java.sql.SQLException;

import dev.tether.test.server.AbstractBinlogLifecycleTests;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assumptions.assumeThat;

/** {@link AbstractBinlogLifecycleTests} on MySQL 8. */
class MySqlLifecycleTests extends AbstractBinlogLifecycleTests<EmbeddedReplicatedMySql> {

	@BeforeAll
	static void available() {
		assumeThat(MySqlBinaries.isAvailable()).as(MySqlBinaries.unavailableReason()).isTrue();
	}

	@Override
	protected EmbeddedReplicatedMySql startWithoutReplicas() {
		return EmbeddedReplicatedMySql.start(0);
	}

	@Override
	protected String queryOnPrimary(EmbeddedReplicatedMySql cluster, String sql) throws SQLException {
		return MySqlJdbc.queryString(cluster, cluster.primary(), sql);
	}

	@Override
	protected Class<?> doomedJvm() {
		return MySqlInDoomedJvm.class;
	}

	@Override
	protected String serverName() {
		return "mysqld";
	}

}
