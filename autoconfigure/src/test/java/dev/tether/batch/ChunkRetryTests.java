package dev.tether.batch;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tether.retry.ConflictKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which chunk failures are retried, and how often: pure logic, told apart by the retry feature's classifier. */
class ChunkRetryTests {

	private final ChunkRetry retry = new ChunkRetry(3, Duration.ofMillis(1), Duration.ofMillis(2), 2);

	@Test
	void aDeadlockedChunkIsRunAgainUntilItCommits() {
		AtomicInteger attempts = new AtomicInteger();
		String result = this.retry.run(() -> {
			if (attempts.incrementAndGet() < 3) {
				throw new SQLTransactionRollbackException("deadlock detected", "40P01");
			}
			return "committed";
		}, ChunkRetryTests::giveUp);
		assertThat(result).isEqualTo("committed");
		assertThat(attempts).hasValue(3);
	}

	@Test
	void aDeadlockToldByMySqlsVendorCodeIsRetriedToo() {
		AtomicInteger attempts = new AtomicInteger();
		this.retry.run(() -> {
			if (attempts.incrementAndGet() == 1) {
				throw new SQLException("Deadlock found when trying to get lock", "40001", 1213);
			}
			return null;
		}, ChunkRetryTests::giveUp);
		assertThat(attempts).hasValue(2);
	}

	@Test
	void aLockTimeoutIsNotRetriedButEndsTheRunAtOnce() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(GaveUp.class).isThrownBy(() -> this.retry.run(() -> {
			attempts.incrementAndGet();
			throw new SQLException("Lock wait timeout exceeded", "HY000", 1205);
		}, ChunkRetryTests::giveUp)).withMessage("lock-timeout");
		assertThat(attempts).hasValue(1);
	}

	@Test
	void aChunkThatKeepsDeadlockingGivesUpAfterItsAttempts() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(GaveUp.class).isThrownBy(() -> this.retry.run(() -> {
			attempts.incrementAndGet();
			throw new SQLTransactionRollbackException("deadlock detected", "40P01");
		}, ChunkRetryTests::giveUp)).withMessage("deadlock");
		assertThat(attempts).hasValue(3);
	}

	@Test
	void theDefaultsAreFiveAttemptsForDeadlocksAndSerializationFailuresOnly() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(GaveUp.class).isThrownBy(() -> ChunkRetry.DEFAULT.run(() -> {
			attempts.incrementAndGet();
			throw new SQLException("could not serialize access", "40001");
		}, ChunkRetryTests::giveUp));
		assertThat(attempts).hasValue(5);
		assertThat(ConflictKind.values()).filteredOn(ChunkRetry::retries)
			.containsExactlyInAnyOrder(ConflictKind.DEADLOCK, ConflictKind.SERIALIZATION_FAILURE);
	}

	private static RuntimeException giveUp(Exception failure, ConflictKind kind) {
		return new GaveUp(kind.tagValue(), failure);
	}

	static class GaveUp extends RuntimeException {

		GaveUp(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
