package dev.tether.mysql;

import dev.tether.binlog.AbstractRoleChangeTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AbstractRoleChangeTests} on MySQL 8: {@code SET GLOBAL super_read_only = 1} (which sets
 * {@code read_only} too; {@code read_only = 0} clears both).
 */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlRoleChangeTests extends AbstractRoleChangeTests {

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMySql();
	}

	@Override
	protected String answerAsStandby() {
		return "@@super_read_only = 1";
	}

	@Override
	protected String setReadOnly(boolean readOnly) {
		return readOnly ? "SET GLOBAL super_read_only = 1" : "SET GLOBAL read_only = 0";
	}

}
