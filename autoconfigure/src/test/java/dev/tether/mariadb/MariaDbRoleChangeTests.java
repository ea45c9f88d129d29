package dev.tether.mariadb;

import dev.tether.binlog.AbstractRoleChangeTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AbstractRoleChangeTests} on MariaDB: {@code SET GLOBAL read_only}. */
@ExtendWith(ReplicatedMariaDbExtension.class)
class MariaDbRoleChangeTests extends AbstractRoleChangeTests {

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMariaDb();
	}

	@Override
	protected String answerAsStandby() {
		return "@@read_only = 1";
	}

	@Override
	protected String setReadOnly(boolean readOnly) {
		return "SET GLOBAL read_only = " + (readOnly ? 1 : 0);
	}

}
