package dev.tether.routing;

import java.time.Duration;

import dev.tether.annotation.MaxReplicaLag;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @MaxReplicaLag} read per invocation target: pure AOP logic, no database. */
class MaxReplicaLagAdvisorTests {

	private final MaxReplicaLagAdvisor advisor = new MaxReplicaLagAdvisor();

	@Test
	void twoImplementationsOfOneInterfaceMethodEachGetTheirOwnLag() {
		// one advisor (one cache) for both, as in an application context; through JDK proxies both
		// invocations carry the same interface Method
		Lagging fast = proxy(new OneSecond());
		Lagging slow = proxy(new FiveSeconds());
		assertThat(fast.maxLagNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
		assertThat(slow.maxLagNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
		assertThat(fast.maxLagNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
	}

	@Test
	void aMethodsAnnotationWinsOverItsClasssAndTheScopeEndsWithTheCall() {
		Lagging overridden = proxy(new MethodOverridesType());
		assertThat(overridden.maxLagNanos()).isEqualTo(Duration.ofMillis(250).toNanos());
		assertThat(RoutingContextHolder.current().getMaxLagNanos()).isEqualTo(-1);
	}

	private Lagging proxy(Lagging target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.addInterface(Lagging.class);
		factory.addAdvisor(this.advisor);
		return (Lagging) factory.getProxy();
	}

	interface Lagging {

		long maxLagNanos();

	}

	@MaxReplicaLag("1s")
	static class OneSecond implements Lagging {

		@Override
		public long maxLagNanos() {
			return RoutingContextHolder.current().getMaxLagNanos();
		}

	}

	@MaxReplicaLag("5s")
	static class FiveSeconds implements Lagging {

		@Override
		public long maxLagNanos() {
			return RoutingContextHolder.current().getMaxLagNanos();
		}

	}

	@MaxReplicaLag("5s")
	static class MethodOverridesType implements Lagging {

		@Override
		@MaxReplicaLag("250ms")
		public long maxLagNanos() {
			return RoutingContextHolder.current().getMaxLagNanos();
		}

	}

}
