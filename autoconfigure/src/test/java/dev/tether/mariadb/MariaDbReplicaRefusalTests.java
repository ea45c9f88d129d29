package dev.tether.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.tether.binlog.app.BinlogTestApplication;
import dev.tether.binlog.app.BinlogTestApplication.Nodes;
import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.routing.RoutingCounters;
import dev.tether.test.mariadb.ReplicatedMariaDbExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A write the classifier cannot see (a stored function that inserts, called by a SELECT) reaches the
 * replica, which refuses it with error 1290: reported as a routing bug, counted (and metered as
 * {@code tether.routing.refusals}), and classified as never retried.
 */
@ExtendWith({ ReplicatedMariaDbExtension.class, OutputCaptureExtension.class })
@SpringBootTest(classes = BinlogTestApplication.class)
class MariaDbReplicaRefusalTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		MariaDbProperties.register(registry);
	}

	@Autowired
	Nodes nodes;

	@Autowired
	RoutingCounters counters;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry registry;

	@BeforeEach
	void aStoredFunctionThatWrites() throws SQLException {
		// Created by the administrator (binary logging requires it, and DETERMINISTIC), SQL SECURITY
		// INVOKER so that it runs with the application user's privileges, which read_only binds.
		try (Connection connection = MariaDbProperties.cluster().primary().openAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS mdb_touch (id BIGINT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB");
			statement.execute("CREATE OR REPLACE FUNCTION mdb_touch() RETURNS INT DETERMINISTIC MODIFIES SQL DATA"
					+ " SQL SECURITY INVOKER"
					+ " BEGIN INSERT INTO mdb_touch VALUES (NULL); RETURN 1; END");
		}
		MariaDbProperties.cluster().awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@Test
	void aReplicaRefusingAWriteIsReportedAsARoutingBug(CapturedOutput output) {
		long refusals = this.counters.replicaRefusals();
		Counter meter = this.registry.get("tether.routing.refusals").tag("replica", "replica-1").counter();
		double metered = meter.count();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.nodes.inReadOnly("SELECT mdb_touch()"))
			.satisfies((ex) -> assertThat(ConflictClassifier.classify(ex)).isEqualTo(ConflictKind.READ_ONLY_NODE))
			.satisfies((ex) -> assertThat(((SQLException) ex.getMostSpecificCause()).getErrorCode()).isEqualTo(1290));
		assertThat(this.counters.replicaRefusals()).isEqualTo(refusals + 1);
		assertThat(meter.count()).as("the tether.routing.refusals meter").isEqualTo(metered + 1);
		assertThat(output).contains("Replica 'replica-1' refused a statement as a write", "this is a Tether routing bug",
				"@ForceMaster");
		// The refusal wrote nothing on the replica: replication still applies the primary's writes.
		this.jdbc.update("INSERT INTO mdb_touch VALUES (NULL)");
		MariaDbProperties.cluster().awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

}
