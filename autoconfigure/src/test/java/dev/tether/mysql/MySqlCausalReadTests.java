package dev.tether.mysql;

import dev.tether.binlog.AbstractCausalReadTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AbstractCausalReadTests} on MySQL 8, through MySQL Connector/J. */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlCausalReadTests extends AbstractCausalReadTests {

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMySql();
	}

}
