package dev.tether.binlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.tether.binlog.app.BinlogTestApplication.Nodes;
import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.routing.RoutingCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A write the classifier cannot see (a stored function that inserts, called by a SELECT) reaches the
 * replica, which refuses it with error 1290: reported as a routing bug, counted (and metered as
 * {@code tether.routing.refusals}), and classified as never retried. On MySQL 8 and MariaDB (one
 * subclass per database, a {@code @SpringBootTest} of {@link dev.tether.binlog.app.BinlogTestApplication}
 * with {@code OutputCaptureExtension} on its cluster).
 */
public abstract class AbstractReplicaRefusalTests {

	@Autowired
	protected Nodes nodes;

	@Autowired
	protected RoutingCounters counters;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected MeterRegistry registry;

	@BeforeEach
	void aStoredFunctionThatWrites() throws SQLException {
		// Created by the administrator (binary logging requires it, and DETERMINISTIC), SQL SECURITY
		// INVOKER so that it runs with the application user's privileges, which read_only binds.
		try (Connection connection = fixture().openPrimaryAdminConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS binlog_touch (id BIGINT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB");
			statement.execute("DROP FUNCTION IF EXISTS binlog_touch");
			statement.execute("CREATE FUNCTION binlog_touch() RETURNS INT DETERMINISTIC MODIFIES SQL DATA"
					+ " SQL SECURITY INVOKER"
					+ " BEGIN INSERT INTO binlog_touch VALUES (NULL); RETURN 1; END");
		}
		fixture().awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@Test
	void aReplicaRefusingAWriteIsReportedAsARoutingBug(CapturedOutput output) {
		long refusals = this.counters.replicaRefusals();
		Counter meter = this.registry.get("tether.routing.refusals").tag("replica", "replica-1").counter();
		double metered = meter.count();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.nodes.inReadOnly("SELECT binlog_touch()"))
			.satisfies((ex) -> assertThat(ConflictClassifier.classify(ex)).isEqualTo(ConflictKind.READ_ONLY_NODE))
			.satisfies((ex) -> assertThat(((SQLException) ex.getMostSpecificCause()).getErrorCode()).isEqualTo(1290));
		assertThat(this.counters.replicaRefusals()).isEqualTo(refusals + 1);
		assertThat(meter.count()).as("the tether.routing.refusals meter").isEqualTo(metered + 1);
		assertThat(output).contains("Replica 'replica-1' refused a statement as a write", "this is a Tether routing bug",
				"@ForceMaster");
		// The refusal wrote nothing on the replica: replication still applies the primary's writes.
		this.jdbc.update("INSERT INTO binlog_touch VALUES (NULL)");
		fixture().awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	/** The cluster to prove it on. */
	protected abstract BinlogFixture fixture();

}
