package dev.tether.mysql;

import java.sql.SQLException;

import dev.tether.binlog.AbstractReplicaRefusalTests;
import dev.tether.binlog.BinlogFixture;
import dev.tether.binlog.BinlogProperties;
import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.test.mysql.ReplicatedMySqlExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link AbstractReplicaRefusalTests} on MySQL 8, through MySQL Connector/J; and on the primary, a
 * read-only transaction refuses the hidden write with 1792 (Connector/J sends the read-only flag).
 */
// the database's extension before Spring's: a skip comes before any context loads
@ExtendWith({ ReplicatedMySqlExtension.class, OutputCaptureExtension.class })
@SpringBootTest(classes = BinlogTestApplication.class)
class MySqlReplicaRefusalTests extends AbstractReplicaRefusalTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		BinlogProperties.register(registry, BinlogFixture.sharedMySql());
	}

	@Override
	protected BinlogFixture fixture() {
		return BinlogFixture.sharedMySql();
	}

	@Test
	void aReadOnlyTransactionOnThePrimaryRefusesAHiddenWriteWith1792AndNeverRetriesIt() {
		long refusals = this.counters.replicaRefusals();
		// Spring's read-only flag reaches MySQL (Connector/J sends SET SESSION TRANSACTION READ ONLY),
		// so the primary refuses the function's INSERT itself
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.nodes.forcedInReadOnly("SELECT binlog_touch()"))
			.satisfies((ex) -> assertThat(ConflictClassifier.classify(ex)).isEqualTo(ConflictKind.READ_ONLY_NODE))
			.satisfies((ex) -> assertThat(((SQLException) ex.getMostSpecificCause()).getErrorCode()).isEqualTo(1792));
		assertThat(this.counters.replicaRefusals()).as("no replica refused anything").isEqualTo(refusals);
	}

}
