package dev.tether.mariadb;

import dev.tether.binlog.AbstractCausalReadTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AbstractCausalReadTests} on MariaDB. */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbCausalReadTests extends AbstractCausalReadTests {

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMariaDb();
	}

}
