package dev.tether.routing;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaRefusalReporterTests {

	private final List<String> refusals = new ArrayList<>();

	private final ReplicaRefusalReporter reporter = new ReplicaRefusalReporter("replica-1", new RoutingListener() {

		@java.lang.Override
		public void onReplicaRefusal(String replica, SQLException cause) {
			ReplicaRefusalReporterTests.this.refusals.add(replica + ": " + cause.getErrorCode());
		}

	});

	@Test
	void aReadOnlyRefusalIsReportedWithTheReplicaAndHikarisDecisionIsKept() {
		SQLException refusal = new SQLException(
				"The MariaDB server is running with the --read-only option so it cannot execute this statement", "HY000",
				1290);
		assertThat(this.reporter.adjudicate(refusal)).isEqualTo(Override.CONTINUE_EVICT);
		assertThat(this.refusals).containsExactly("replica-1: 1290");
	}

	@Test
	void otherFailuresAreNotReported() {
		assertThat(this.reporter.adjudicate(new SQLException("Deadlock found", "40001", 1213)))
			.isEqualTo(Override.CONTINUE_EVICT);
		assertThat(this.reporter.adjudicate(new SQLException("Connection reset", "08S01"))).isEqualTo(Override.CONTINUE_EVICT);
		assertThat(this.refusals).isEmpty();
	}

	@Test
	void aFailingListenerDoesNotBreakTheConnection() {
		ReplicaRefusalReporter failing = new ReplicaRefusalReporter("r", new RoutingListener() {

			@java.lang.Override
			public void onReplicaRefusal(String replica, SQLException cause) {
				throw new IllegalStateException("listener bug");
			}

		});
		assertThat(failing.adjudicate(new SQLException("read-only transaction", "25006")))
			.isEqualTo(Override.CONTINUE_EVICT);
	}

}
