package dev.tether.mariadb;

import dev.tether.binlog.AbstractReplicaHealthTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AbstractReplicaHealthTests} on MariaDB. */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbReplicaHealthTests extends AbstractReplicaHealthTests {

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMariaDb();
	}

}
