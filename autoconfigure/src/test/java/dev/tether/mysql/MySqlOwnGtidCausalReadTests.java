package dev.tether.mysql;

import dev.tether.binlog.AbstractCausalReadTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AbstractCausalReadTests} on MySQL 8 with the position of each write taken from its
 * commit's own GTID ({@code trackSessionState=true} on the primary's URL, as the auto-configuration
 * adds it): eight threads, each session's reads never stale, with and without a {@code SOURCE_DELAY}.
 */
@ExtendWith(ReplicatedMySqlExtension.class)
class MySqlOwnGtidCausalReadTests extends AbstractCausalReadTests {

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMySql().withPrimaryUrlParameters("?trackSessionState=true");
	}

}
