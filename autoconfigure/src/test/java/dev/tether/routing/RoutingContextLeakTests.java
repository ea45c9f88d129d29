package dev.tether.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tether.routing.app.RoutingTestApplication.LeakProbe;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** 10,000 tasks on small pools, a third throwing inside {@code @ForceMaster}: no context survives. */
@SpringBootTest(classes = dev.tether.routing.app.RoutingTestApplication.class)
class RoutingContextLeakTests {

	private static final int TASKS = 10_000;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		ReplicatedPostgresProperties.register(registry);
	}

	@Autowired
	LeakProbe probe;

	@Autowired
	RoutingContextTaskDecorator decorator;

	@Test
	void noContextSurvivesOnAPlainPool() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			assertNoLeak((task) -> CompletableFuture.runAsync(task, pool), (probe) -> CompletableFuture.runAsync(probe, pool),
					3, false);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void noContextSurvivesOnADecoratedPoolAndTheSubmittersScopeArrives() throws Exception {
		// tasks go through the decorator, as Spring's executors run them; probes do not, so they see
		// what the worker threads themselves hold between tasks
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			assertNoLeak((task) -> CompletableFuture.runAsync(this.decorator.decorate(task), pool),
					(probe) -> CompletableFuture.runAsync(probe, pool), 3, true);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void assertNoLeak(Submitter submitter, Submitter prober, int threads, boolean propagates) throws Exception {
		AtomicInteger leaks = new AtomicInteger();
		AtomicInteger thrown = new AtomicInteger();
		AtomicInteger wrongScope = new AtomicInteger();
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (int i = 0; i < TASKS; i++) {
			int kind = i % 3;
			boolean submittedForced = propagates && (i % 7 == 0);
			Runnable task = () -> {
				boolean forcedAtStart = RoutingContextHolder.current().isForceMaster();
				if (forcedAtStart != submittedForced) {
					(submittedForced ? wrongScope : leaks).incrementAndGet();
				}
				if (kind == 0) {
					try {
						this.probe.forcedAndThrow();
					}
					catch (IllegalStateException expected) {
						thrown.incrementAndGet();
					}
				}
				else if (kind == 1 && !this.probe.forced()) {
					wrongScope.incrementAndGet();
				}
				if (RoutingContextHolder.current().isForceMaster() != submittedForced) {
					leaks.incrementAndGet();
				}
			};
			if (submittedForced) {
				try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
					futures.add(submitter.submit(task));
				}
			}
			else {
				futures.add(submitter.submit(task));
			}
		}
		CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
		List<CompletableFuture<Void>> probes = new ArrayList<>();
		AtomicInteger leftOver = new AtomicInteger();
		for (int i = 0; i < threads * 20; i++) {
			probes.add(prober.submit(() -> {
				if (RoutingContextHolder.get() != null) {
					leftOver.incrementAndGet();
				}
			}));
		}
		CompletableFuture.allOf(probes.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
		assertThat(thrown.get()).isEqualTo((TASKS + 2) / 3);
		assertThat(leaks.get()).as("tasks that saw a context they did not submit").isZero();
		assertThat(wrongScope.get()).as("tasks that lost the submitter's or the method's scope").isZero();
		assertThat(leftOver.get()).as("pool threads holding a context after the tasks").isZero();
		assertThat(RoutingContextHolder.get()).isNull();
	}

	@FunctionalInterface
	interface Submitter {

		CompletableFuture<Void> submit(Runnable task);

	}

}
