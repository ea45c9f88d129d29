package dev.tether.test.mariadb;

import java.sql.SQLException;

import dev.tether.test.server.AbstractBinlogLifecycleTests;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assumptions.assumeThat;

/** {@link AbstractBinlogLifecycleTests} on MariaDB. */
class MariaDbLifecycleTests extends AbstractBinlogLifecycleTests<EmbeddedReplicatedMariaDb> {

	@BeforeAll
	static void available() {
		assumeThat(MariaDbBinaries.isInstalled()).as(MariaDbBinaries.MISSING_MESSAGE).isTrue();
	}

	@Override
	protected EmbeddedReplicatedMariaDb startWithoutReplicas() {
		return EmbeddedReplicatedMariaDb.start(0);
	}

	@Override
	protected String queryOnPrimary(EmbeddedReplicatedMariaDb cluster, String sql) throws SQLException {
		return AppJdbc.queryString(cluster, cluster.primary(), sql);
	}

	@Override
	protected Class<?> doomedJvm() {
		return MariaDbInDoomedJvm.class;
	}

	@Override
	protected String serverName() {
		return "mariadbd";
	}

}
