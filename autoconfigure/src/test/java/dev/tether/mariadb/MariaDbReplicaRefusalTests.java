package dev.tether.mariadb;

import dev.tether.binlog.AbstractReplicaRefusalTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.binlog.BinlogProperties;
import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AbstractReplicaRefusalTests} on MariaDB. */
// the database's extension before Spring's: a skip comes before any context loads
@ExtendWith({ ReplicatedMariaDbExtension.class, OutputCaptureExtension.class })
@SpringBootTest(classes = BinlogTestApplication.class)
class MariaDbReplicaRefusalTests extends AbstractReplicaRefusalTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		BinlogProperties.register(registry, BinlogFixture.sharedMariaDb());
	}

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMariaDb();
	}

}
