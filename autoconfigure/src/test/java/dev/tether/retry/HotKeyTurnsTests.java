package dev.tether.retry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Turn-taking as pure concurrency logic; the integration tests run it against real rows. */
class HotKeyTurnsTests {

	private final HotKeyTurns turns = new HotKeyTurns();

	@Test
	void aFreeTurnIsTakenAtOnceAndTheKeyIsForgottenWhenGivenBack() throws Exception {
		assertThat(this.turns.isBusy("row-1")).isFalse();
		HotKeyTurns.Turn turn = this.turns.acquire("row-1", 0);
		assertThat(turn).isNotNull();
		assertThat(this.turns.isBusy("row-1")).isTrue();
		assertThat(this.turns.hotKeys()).isOne();
		this.turns.release(turn);
		assertThat(this.turns.isBusy("row-1")).isFalse();
		assertThat(this.turns.hotKeys()).isZero();
	}

	@Test
	void aTurnsHoldersLockTheRowFirstOnceTheyLostItTwiceWithinTheWindowAndOnlyWhenTheTableIsKnown()
			throws Exception {
		long window = TimeUnit.SECONDS.toNanos(1);
		RowTable table = new RowTable("stock", "id");
		HotKeyTurns.Turn turn = this.turns.acquire("row-1", 0);
		try {
			assertThat(turn.lockFirstIfLosing(window)).as("no loss yet").isNull();
			turn.lostElsewhere(table, 1L, window);
			assertThat(turn.lockFirstIfLosing(window)).as("one loss: only the loser locks, in its own attempts")
				.isNull();
			turn.lostElsewhere(null, 1L, window);
			assertThat(turn.lockFirstIfLosing(window)).as("a second loss on an unknown table").isNull();
			turn.lostElsewhere(table, 1L, -1);
			assertThat(turn.lockFirstIfLosing(window)).as("a second loss, but not within the window").isNull();
			turn.lostElsewhere(table, 1L, window);
			assertThat(turn.lockFirstIfLosing(-1)).as("locking that lasted its window").isNull();
			try (dev.tether.routing.RowLockFirst request = turn.lockFirstIfLosing(window)) {
				assertThat(request).as("a second loss within the window").isNotNull();
				assertThat(request.wasTaken()).isFalse();
			}
		}
		finally {
			this.turns.release(turn);
		}
		HotKeyTurns.Turn next = this.turns.acquire("row-1", 0);
		try {
			assertThat(next.lockFirstIfLosing(window)).as("the key cooled: its entry and its losses are gone")
				.isNull();
		}
		finally {
			this.turns.release(next);
		}
	}

	@Test
	void waitersGetTheTurnInArrivalOrder() throws Exception {
		HotKeyTurns.Turn first = this.turns.acquire("row-1", TimeUnit.SECONDS.toNanos(1));
		List<Integer> order = new CopyOnWriteArrayList<>();
		List<Thread> waiters = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int index = i;
			Thread waiter = new Thread(() -> {
				try {
					HotKeyTurns.Turn turn = this.turns.acquire("row-1", TimeUnit.SECONDS.toNanos(10));
					order.add(index);
					this.turns.release(turn);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			waiter.start();
			waiters.add(waiter);
			// let each waiter queue before the next one arrives
			awaitQueued(waiter);
		}
		this.turns.release(first);
		for (Thread waiter : waiters) {
			waiter.join(10_000);
		}
		assertThat(order).containsExactly(0, 1, 2, 3, 4);
		assertThat(this.turns.hotKeys()).isZero();
	}

	@Test
	void otherKeysDoNotWait() throws Exception {
		HotKeyTurns.Turn one = this.turns.acquire("row-1", TimeUnit.SECONDS.toNanos(1));
		AtomicReference<HotKeyTurns.Turn> other = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			try {
				other.set(this.turns.acquire("row-2", 0));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		thread.start();
		thread.join(10_000);
		assertThat(other.get()).isNotNull();
		this.turns.release(one);
	}

	@Test
	void aWaitEndsAtItsTimeoutAndLeavesTheQueue() throws Exception {
		HotKeyTurns.Turn held = this.turns.acquire("row-1", TimeUnit.SECONDS.toNanos(1));
		AtomicReference<Object> result = new AtomicReference<>("unset");
		Thread waiter = new Thread(() -> {
			try {
				result.set(this.turns.acquire("row-1", TimeUnit.MILLISECONDS.toNanos(50)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		waiter.start();
		waiter.join(10_000);
		assertThat(result.get()).isNull();
		this.turns.release(held);
		assertThat(this.turns.hotKeys()).isZero();
	}

	@Test
	void anInterruptedWaiterStopsWaitingAndLeavesTheQueue() throws Exception {
		HotKeyTurns.Turn held = this.turns.acquire("row-1", TimeUnit.SECONDS.toNanos(1));
		CountDownLatch done = new CountDownLatch(1);
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread waiter = new Thread(() -> {
			try {
				this.turns.acquire("row-1", TimeUnit.SECONDS.toNanos(30));
			}
			catch (InterruptedException ex) {
				thrown.set(ex);
			}
			done.countDown();
		});
		waiter.start();
		awaitQueued(waiter);
		waiter.interrupt();
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
		this.turns.release(held);
		assertThat(this.turns.hotKeys()).isZero();
	}

	private static void awaitQueued(Thread thread) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
	}

}
