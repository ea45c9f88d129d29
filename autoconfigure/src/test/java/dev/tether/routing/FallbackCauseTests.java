package dev.tether.routing;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FallbackCauseTests {

	@Test
	void aPoolTimeoutCausedByARefusedConnectionIsAConnectionFailure() {
		SQLException refused = new SQLException("Connection to 127.0.0.1:1 refused", "08001", new ConnectException());
		assertThat(FallbackCause.of(new SQLTransientConnectionException("timed out", null, refused)))
			.isEqualTo(FallbackCause.CONNECTION_FAILED);
	}

	@Test
	void aSocketErrorAnywhereInTheChainIsAConnectionFailure() {
		assertThat(FallbackCause.of(new RuntimeException(new ConnectException("refused"))))
			.isEqualTo(FallbackCause.CONNECTION_FAILED);
	}

	@Test
	void aPoolTimeoutWithoutAConnectionFailureIsATimeout() {
		assertThat(FallbackCause.of(new SQLTransientConnectionException("request timed out after 1000ms")))
			.isEqualTo(FallbackCause.TIMEOUT);
	}

	@Test
	void anythingElseIsAnError() {
		assertThat(FallbackCause.of(new SQLException("HikariDataSource (tether-replica-a) has been closed.")))
			.isEqualTo(FallbackCause.ERROR);
		assertThat(FallbackCause.ERROR.tagValue()).isEqualTo("error");
	}

}
