package dev.tether.routing;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a failure is told as a node that went down, and what the exception says: pure logic. */
class AbortedWorkTests {

	private static final String REASON = "no answer to 2 probes in a row of 400 ms each, and no work completed on it"
			+ " (tether.replica.probe-timeout, tether.replica.down-after-missed-probes)";

	private static final SQLException IO_ERROR = new SQLException("An I/O error occurred while sending to the backend.",
			"08006");

	@Test
	void aBrokenConnectionThatTetherAbortedIsANodeDownExceptionNamingTheReplicaAndTheVerdict() {
		SQLException translated = AbortedWork.translate(IO_ERROR, "replica-1", REASON, "com.example.Shop.list",
				AbortedWork.Stage.WORK);
		assertThat((Throwable) translated).isInstanceOf(NodeDownException.class)
			.isInstanceOf(SQLNonTransientConnectionException.class)
			.hasCause(IO_ERROR)
			.hasMessageStartingWith("Replica 'replica-1' stopped answering and was marked DOWN by Tether's probe ("
					+ REASON + ")")
			.hasMessageContaining("the connection that com.example.Shop.list used there")
			.hasMessageContaining("The work did not complete: the transaction is rolled back")
			.hasMessageContaining("Run it again: a new transaction is routed to a node that answers (another replica"
					+ " or the primary).");
		NodeDownException down = (NodeDownException) translated;
		assertThat(down.getSQLState()).isEqualTo("08006");
		assertThat(down.getNode()).isEqualTo("replica 'replica-1'");
		assertThat(down.getReason()).isEqualTo(REASON);
		assertThat(down.isCommitOutcomeUnknown()).isFalse();
		// SQLState class 08: the routing path's own checks take it for a broken connection too
		assertThat(BrokenConnections.isBroken(down)).isTrue();
	}

	@Test
	void onThePrimaryItSaysWhatHappensToReadsAndWrites() {
		assertThat((Throwable) AbortedWork.translate(IO_ERROR, null, REASON, "work", AbortedWork.Stage.WORK))
			.hasMessageStartingWith("The primary stopped answering")
			.hasMessageContaining("reads keep running on replicas, writes fail with PrimaryUnavailableException");
	}

	@Test
	void aFailureOnAConnectionTetherDidNotAbortIsTheDriversAsItWas() {
		assertThat((Throwable) AbortedWork.translate(IO_ERROR, "replica-1", null, "work", AbortedWork.Stage.WORK)).isSameAs(IO_ERROR);
	}

	@Test
	void aFailureThatDoesNotSayTheConnectionIsGoneIsNotTakenForTheAbort() {
		SQLException syntax = new SQLException("syntax error at or near \"selct\"", "42601");
		assertThat((Throwable) AbortedWork.translate(syntax, "replica-1", REASON, "work", AbortedWork.Stage.WORK)).isSameAs(syntax);
	}

	@Test
	void anIoErrorAmongTheCausesSaysTheConnectionIsGone() {
		SQLException noState = new SQLException("connection lost", null, new IOException("Socket closed"));
		assertThat((Throwable) AbortedWork.translate(noState, "replica-1", REASON, "work", AbortedWork.Stage.WORK))
			.isInstanceOf(NodeDownException.class);
	}

	@Test
	void tethersOwnExceptionsAreNotTranslatedAgain() {
		SQLException down = AbortedWork.translate(IO_ERROR, "replica-1", REASON, "work", AbortedWork.Stage.WORK);
		assertThat((Throwable) AbortedWork.translate(down, "replica-1", REASON, "work", AbortedWork.Stage.WORK)).isSameAs(down);
		SQLException unavailable = new PrimaryUnavailableException("work", new SQLException("timeout", "08001"));
		assertThat((Throwable) AbortedWork.translate(unavailable, null, REASON, "work", AbortedWork.Stage.WORK))
			.isSameAs(unavailable);
	}

	@Test
	void aCommitRefusedBeforeItWasSentIsKnownToHaveRolledBack() {
		NodeDownException down = (NodeDownException) AbortedWork.translate(null, null, REASON, "work",
				AbortedWork.Stage.BEFORE_COMMIT);
		assertThat(down.isCommitOutcomeUnknown()).isFalse();
		assertThat(down.getSQLState()).isEqualTo("08006");
		assertThat((Throwable) down).hasMessageContaining("COMMIT was not sent: the transaction is rolled back");
	}

	@Test
	void aCommitInFlightWhenTheConnectionWasAbortedHasAnUnknownOutcome() {
		NodeDownException down = (NodeDownException) AbortedWork.translate(IO_ERROR, null, REASON, "work",
				AbortedWork.Stage.COMMIT);
		assertThat(down.isCommitOutcomeUnknown()).isTrue();
		assertThat(down.getSQLState()).as("transaction resolution unknown").isEqualTo("08007");
		assertThat((Throwable) down).hasMessageContaining("Its COMMIT had been sent and was not answered")
			.hasMessageContaining("may or may not have committed")
			.hasMessageNotContaining("rolled back");
	}

}
