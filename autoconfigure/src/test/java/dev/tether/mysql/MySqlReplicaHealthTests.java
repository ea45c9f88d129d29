package dev.tether.mysql;

import dev.tether.binlog.AbstractReplicaHealthTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AbstractReplicaHealthTests} on MySQL 8, through MySQL Connector/J. */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlReplicaHealthTests extends AbstractReplicaHealthTests {

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMySql();
	}

}
