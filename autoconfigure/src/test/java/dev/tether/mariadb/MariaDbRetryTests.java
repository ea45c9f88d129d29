package dev.tether.mariadb;

import dev.tether.binlog.AbstractRetryTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.binlog.BinlogProperties;
import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AbstractRetryTests} on MariaDB. */
@ExtendWith(ReplicatedMariaDbExtension.class) // before Spring's: a skip comes before any context loads
@SpringBootTest(classes = BinlogTestApplication.class)
class MariaDbRetryTests extends AbstractRetryTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		BinlogProperties.register(registry, BinlogFixture.sharedMariaDb());
	}

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMariaDb();
	}

}
