package dev.tether.mysql;

import dev.tether.binlog.AbstractRetryTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.binlog.BinlogProperties;
import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AbstractRetryTests} on MySQL 8, through MySQL Connector/J. */
@ExtendWith(ReplicatedMySqlExtension.class) // before Spring's: a skip comes before any context loads
@SpringBootTest(classes = BinlogTestApplication.class)
class MySqlRetryTests extends AbstractRetryTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		BinlogProperties.register(registry, BinlogFixture.sharedMySql());
	}

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMySql();
	}

}
