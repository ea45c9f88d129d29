package dev.tether.routing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RoutingContextHolderTests {

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopExecutor() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void outsideAnyScopeTheContextIsTheDefault() {
		assertThat(RoutingContextHolder.current()).isSameAs(RoutingContext.DEFAULT);
		assertThat(RoutingContextHolder.get()).isNull();
	}

	@Test
	void nestedScopesRestoreTheOuterOneAndLeaveNothingBehind() {
		try (RoutingContextHolder.Scope outer = RoutingContextHolder.forceMaster()) {
			try (RoutingContextHolder.Scope inner = RoutingContextHolder.open(RoutingContext.DEFAULT)) {
				assertThat(RoutingContextHolder.current().isForceMaster()).isFalse();
			}
			assertThat(RoutingContextHolder.current().isForceMaster()).isTrue();
		}
		assertThat(RoutingContextHolder.get()).isNull();
	}

	@Test
	void aScopeEndsAlsoWhenItsWorkThrows() {
		assertThatIllegalStateException().isThrownBy(() -> {
			try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
				throw new IllegalStateException("boom");
			}
		});
		assertThat(RoutingContextHolder.get()).isNull();
	}

	@Test
	void taskDecoratorCarriesTheSubmittersContextAndRestoresTheWorkers() throws Exception {
		RoutingContextTaskDecorator decorator = new RoutingContextTaskDecorator();
		Runnable decorated;
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			decorated = decorator.decorate(() -> {
				assertThat(RoutingContextHolder.current().isForceMaster()).isTrue();
				throw new IllegalStateException("task fails");
			});
		}
		Future<?> failed = this.executor.submit(decorated);
		assertThat(failed).failsWithin(10, TimeUnit.SECONDS);
		Future<RoutingContext> after = this.executor.submit(RoutingContextHolder::get);
		assertThat(after.get(10, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void taskDecoratorCarriesTheSubmittersSessionAndLeavesNothingBehind() throws Exception {
		RoutingContextTaskDecorator decorator = new RoutingContextTaskDecorator();
		CausalSession submitters = new CausalSession();
		Runnable decorated;
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.openSession(submitters)) {
			decorated = decorator.decorate(() -> {
				assertThat(RoutingContextHolder.current().isForceMaster()).isFalse();
				assertThat(RoutingContextHolder.session()).as("the task reads its submitter's writes").isSameAs(submitters);
			});
		}
		this.executor.submit(decorated).get(10, TimeUnit.SECONDS);
		assertThat(this.executor.submit(RoutingContextHolder::get).get(10, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void contextPropagationCarriesTheContextThroughASnapshot() throws Exception {
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
		Runnable wrapped;
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			Runnable check = () -> assertThat(RoutingContextHolder.current().isForceMaster()).isTrue();
			wrapped = snapshots.captureAll().wrap(check);
		}
		this.executor.submit(wrapped).get(10, TimeUnit.SECONDS);
		assertThat(this.executor.submit(RoutingContextHolder::get).get(10, TimeUnit.SECONDS)).isNull();
	}

}
