package dev.tether.routing;

import dev.tether.replica.ReplicationProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write recorded with its own position (a MySQL commit's GTID) resolves the session only when
 * every earlier write was resolved: one recorded without a position, by another thread of the
 * session, keeps the next read's question to the primary. Pure logic: the session's bookkeeping.
 */
class CausalSessionOwnPositionTests {

	@Test
	void aWriteWithItsOwnPositionNeedsNoQuestion() {
		CausalSession session = new CausalSession();
		session.recordResolvedWrite(null, 42, ReplicationProbe.NO_TIMELINE);
		assertThat(session.hasUnresolvedWrites()).isFalse();
		assertThat(session.position()).isEqualTo(42);
		assertThat(session.wroteWithin(1_000_000_000L)).isTrue();
		session.recordResolvedWrite(null, 40, ReplicationProbe.NO_TIMELINE);
		assertThat(session.position()).as("only grows").isEqualTo(42);
		assertThat(session.hasUnresolvedWrites()).isFalse();
	}

	@Test
	void anEarlierWriteWithoutAPositionStillNeedsTheQuestion() {
		CausalSession session = new CausalSession();
		session.recordWrite(null);
		session.recordResolvedWrite(null, 42, ReplicationProbe.NO_TIMELINE);
		assertThat(session.position()).isEqualTo(42);
		assertThat(session.hasUnresolvedWrites()).as("the first write's position is not known").isTrue();
		// the question answers for every write counted before it was asked
		session.resolve(null, 43, ReplicationProbe.NO_TIMELINE, session.writeCount());
		assertThat(session.hasUnresolvedWrites()).isFalse();
		assertThat(session.position()).isEqualTo(43);
	}

	@Test
	void writesOfSeveralThreadsOfOneSessionAreNeverAllResolvedWhileOneHasNoPosition() throws Exception {
		CausalSession session = new CausalSession();
		Thread[] threads = new Thread[4];
		for (int t = 0; t < threads.length; t++) {
			boolean withPosition = t % 2 == 0;
			threads[t] = new Thread(() -> {
				for (int i = 1; i <= 10_000; i++) {
					if (withPosition) {
						session.recordResolvedWrite(null, i, ReplicationProbe.NO_TIMELINE);
					}
					else {
						session.recordWrite(null);
					}
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(session.writeCount()).isEqualTo(40_000);
		assertThat(session.hasUnresolvedWrites()).as("writes without a position were counted").isTrue();
		session.recordResolvedWrite(null, 10_001, ReplicationProbe.NO_TIMELINE);
		assertThat(session.hasUnresolvedWrites()).as("a later write's own position does not cover them").isTrue();
		assertThat(session.position()).isEqualTo(10_001);
	}

}
