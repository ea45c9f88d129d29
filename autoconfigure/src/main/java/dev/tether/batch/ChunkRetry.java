package dev.tether.batch;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.tether.retry.ConflictClassifier;
import dev.tether.retry.ConflictKind;
import dev.tether.retry.FullJitterBackOff;

import org.springframework.util.backoff.BackOffExecution;

/**
 * How a failed chunk is retried: only on a deadlock, a serialization failure or a commit that lost
 * its answer and is known to have rolled back, as told by the retry
 * feature's {@link ConflictClassifier} (a lock timeout is the chunk's lock timeout doing its job, and
 * anything else is no conflict), up to a few attempts with full-jitter backoff.
 * <p>
 * The attempts and backoff live here and nowhere else in the batch package: the retry feature's
 * shared budget ({@code tether.retry.*}) is being redesigned (issue 11, branch retry), and this is the
 * one class that would adopt it once it lands.
 */
final class ChunkRetry {

	/** Five attempts, backoff from 10 ms doubling to at most 500 ms, fully jittered. */
	static final ChunkRetry DEFAULT = new ChunkRetry(5, Duration.ofMillis(10), Duration.ofMillis(500), 2);

	private final int maxAttempts;

	private final Duration initialDelay;

	private final Duration maxDelay;

	private final double multiplier;

	ChunkRetry(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {
		this.maxAttempts = maxAttempts;
		this.initialDelay = initialDelay;
		this.maxDelay = maxDelay;
		this.multiplier = multiplier;
	}

	/**
	 * Runs a chunk until it succeeds, fails with no conflict, or runs out of attempts.
	 * @param chunk the chunk's transaction
	 * @param giveUp turns the last failure into the exception to throw
	 * @return what the chunk returned
	 */
	<T> T run(Attempt<T> chunk, GiveUp giveUp) {
		BackOffExecution backOff = null;
		for (int attempt = 1;; attempt++) {
			try {
				return chunk.run();
			}
			catch (SQLException | RuntimeException ex) {
				ConflictKind kind = ConflictClassifier.classify(ex);
				// besides the conflicts, a chunk whose commit lost its answer and is known to have
				// rolled back: running it again cannot apply it twice
				if (!(retries(kind) || kind == ConflictKind.COMMIT_ROLLED_BACK) || attempt >= this.maxAttempts) {
					throw giveUp.failure(ex, kind);
				}
				if (backOff == null) {
					backOff = new FullJitterBackOff(this.initialDelay, this.maxDelay, this.multiplier).start();
				}
				LockSupport.parkNanos(backOff.nextBackOff() * 1_000_000);
			}
		}
	}

	static boolean retries(ConflictKind kind) {
		return kind == ConflictKind.DEADLOCK || kind == ConflictKind.SERIALIZATION_FAILURE;
	}

	/** One attempt of a chunk. */
	@FunctionalInterface
	interface Attempt<T> {

		T run() throws SQLException;

	}

	/** The exception a chunk that is not retried (any more) ends the run with. */
	@FunctionalInterface
	interface GiveUp {

		RuntimeException failure(Exception failure, ConflictKind kind);

	}

}
