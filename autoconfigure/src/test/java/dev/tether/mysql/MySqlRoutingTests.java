package dev.tether.mysql;

import java.time.Duration;

import dev.tether.binlog.AbstractRoutingTests;
import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AbstractRoutingTests} on MySQL 8, through MySQL Connector/J. */
@ExtendWith(ReplicatedMySqlExtension.class) // before Spring's: a skip comes before any context loads
@SpringBootTest(classes = BinlogTestApplication.class)
class MySqlRoutingTests extends AbstractRoutingTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		MySqlProperties.register(registry);
	}

	@Override
	protected void awaitReplicasCaughtUp(Duration timeout) {
		MySqlProperties.cluster().awaitReplicasCaughtUp(timeout);
	}

}
