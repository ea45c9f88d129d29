package dev.tether.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;

import dev.tether.annotation.RetryOptimistic;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How the attempts of a {@code @RetryOptimistic} method run the advice inside the boundary: the
 * first attempt proceeds on Spring's invocation, each retry on a new invocation of the inner chain.
 * Pure AOP logic: the work is a counter that conflicts twice, the inner advice records each call
 * (the integration tests prove the fresh transaction per attempt on a real database).
 */
class InvocationAttemptTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, RetryAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void everyAttemptRunsTheInnerAdviceAndTheOuterAdviceRunsOnce() {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			Calls calls = context.getBean(Calls.class);
			assertThat(orders.place("order-7", 3)).isEqualTo("order-7 x3 on attempt 3");
			assertThat(calls.inner).containsExactly("inner order-7", "inner order-7", "inner order-7");
			assertThat(calls.aspect).containsExactly("aspect order-7", "aspect order-7", "aspect order-7");
			assertThat(calls.outer).containsExactly("outer order-7");
		});
	}

	@Test
	void interfaceProxiesRetryThroughTheInnerAdviceToo() {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=false").run((context) -> {
			Placing orders = context.getBean(Placing.class);
			assertThat(org.springframework.aop.support.AopUtils.isJdkDynamicProxy(orders)).isTrue();
			assertThat(orders.place("order-8", 1)).isEqualTo("order-8 x1 on attempt 3");
			assertThat(context.getBean(Calls.class).inner).hasSize(3);
		});
	}

	@Test
	void anOpaqueProxyClonesTheInvocationForEveryAttempt() {
		this.runner.run((context) -> {
			Calls calls = new Calls();
			ProxyFactory factory = new ProxyFactory(new Orders());
			factory.setProxyTargetClass(true);
			factory.setOpaque(true);
			factory.addAdvisor(context.getBean(RetryOptimisticAdvisor.class));
			factory.addAdvisor(Config.innerAdvisor(calls));
			Orders opaque = (Orders) factory.getProxy();
			assertThat(opaque).isNotInstanceOf(org.springframework.aop.framework.Advised.class);
			assertThat(opaque.place("order-9", 2)).isEqualTo("order-9 x2 on attempt 3");
			assertThat(calls.inner).hasSize(3);
		});
	}

	@Test
	void aRetryWhoseInterceptorWasRemovedFromTheProxyFailsNamingTheMethod() throws Throwable {
		this.runner.run((context) -> {
			Orders target = new Orders();
			ProxyFactory factory = new ProxyFactory(target);
			factory.setProxyTargetClass(true);
			RetryOptimisticAdvisor advisor = context.getBean(RetryOptimisticAdvisor.class);
			factory.addAdvisor(advisor);
			Orders proxy = (Orders) factory.getProxy();
			target.onFirstAttempt = () -> factory.removeAdvisor(advisor);
			assertThatIllegalStateException().isThrownBy(() -> proxy.place("order-10", 1))
				.withMessageContaining("@RetryOptimistic cannot re-run")
				.withMessageContaining("Orders.place");
		});
	}

	@Test
	void theInnerChainIsBuiltOnceAndAgainWhenTheProxysAdviceChanges() {
		this.runner.run((context) -> {
			ProxyFactory factory = new ProxyFactory(new ConflictsOncePerCall());
			factory.setProxyTargetClass(true);
			factory.addAdvisor(context.getBean(RetryOptimisticAdvisor.class));
			CountingPointcut pointcut = new CountingPointcut();
			List<String> inner = new ArrayList<>();
			factory.addAdvisor(new DefaultPointcutAdvisor(pointcut, (MethodInterceptor) (call) -> {
				inner.add("first inner");
				return call.proceed();
			}));
			ConflictsOncePerCall proxy = (ConflictsOncePerCall) factory.getProxy();
			int beforeFirstCall = pointcut.matches.get();
			assertThat(proxy.place("order-11")).isEqualTo("order-11 on attempt 2");
			int afterFirstCall = pointcut.matches.get();
			assertThat(afterFirstCall).as("the first retry builds the inner chain").isGreaterThan(beforeFirstCall);
			assertThat(proxy.place("order-12")).isEqualTo("order-12 on attempt 2");
			assertThat(pointcut.matches).as("the second call's retry reuses the inner chain").hasValue(afterFirstCall);
			assertThat(inner).hasSize(4);
			factory.addAdvisor(Config.innerAdvisor(new Calls()));
			List<String> added = new ArrayList<>();
			factory.addAdvisor(new DefaultPointcutAdvisor((MethodInterceptor) (call) -> {
				added.add("added " + call.getArguments()[0]);
				return call.proceed();
			}));
			assertThat(proxy.place("order-13")).isEqualTo("order-13 on attempt 2");
			assertThat(added).as("advice added to the proxy runs in the retry too").containsExactly("added order-13",
					"added order-13");
		});
	}

	/** Counts how often the chain's builders match it against a method. */
	static class CountingPointcut extends org.springframework.aop.support.StaticMethodMatcherPointcut {

		final AtomicInteger matches = new AtomicInteger();

		@Override
		public boolean matches(java.lang.reflect.Method method, Class<?> targetClass) {
			if (method.getName().equals("place")) {
				this.matches.incrementAndGet();
			}
			return true;
		}

	}

	/** Conflicts on the first attempt of every call. */
	public static class ConflictsOncePerCall {

		private final AtomicInteger attempts = new AtomicInteger();

		@RetryOptimistic
		public String place(String order) {
			if (this.attempts.incrementAndGet() % 2 == 1) {
				throw new OptimisticLockingFailureException("conflict on the first attempt of " + order);
			}
			return order + " on attempt 2";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.context.annotation.EnableAspectJAutoProxy
	static class Config {

		@Bean
		Calls calls() {
			return new Calls();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		static Advisor inner(Calls calls) {
			return innerAdvisor(calls);
		}

		static Advisor innerAdvisor(Calls calls) {
			DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
					new AnnotationMatchingPointcut(null, RetryOptimistic.class, true), (MethodInterceptor) (call) -> {
						calls.inner.add("inner " + call.getArguments()[0]);
						return call.proceed();
					});
			// inside the boundary, where @ForceMaster and @Transactional are
			advisor.setOrder(RetryOptimisticAdvisor.ORDER + 10);
			return advisor;
		}

		@Bean
		static Advisor outer(Calls calls) {
			DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
					new AnnotationMatchingPointcut(null, RetryOptimistic.class, true), (MethodInterceptor) (call) -> {
						calls.outer.add("outer " + call.getArguments()[0]);
						return call.proceed();
					});
			advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return advisor;
		}

		@Bean
		InnerAspect innerAspect(Calls calls) {
			return new InnerAspect(calls);
		}

	}

	static class Calls {

		final List<String> inner = new ArrayList<>();

		final List<String> aspect = new ArrayList<>();

		final List<String> outer = new ArrayList<>();

	}

	/** A user's {@code @Around} aspect inside the boundary: AspectJ proceeds on the invocation it is given. */
	@Aspect
	static class InnerAspect implements Ordered {

		private final Calls calls;

		InnerAspect(Calls calls) {
			this.calls = calls;
		}

		@Around("@annotation(dev.tether.annotation.RetryOptimistic)")
		Object record(ProceedingJoinPoint point) throws Throwable {
			this.calls.aspect.add("aspect " + point.getArgs()[0]);
			return point.proceed();
		}

		@Override
		public int getOrder() {
			return RetryOptimisticAdvisor.ORDER + 20;
		}

	}

	public interface Placing {

		String place(String order, int quantity);

	}

	/** Conflicts on its first two attempts. */
	public static class Orders implements Placing {

		private final AtomicInteger attempts = new AtomicInteger();

		volatile Runnable onFirstAttempt = () -> {
		};

		@Override
		@RetryOptimistic
		public String place(String order, int quantity) {
			int attempt = this.attempts.incrementAndGet();
			if (attempt == 1) {
				this.onFirstAttempt.run();
			}
			if (attempt < 3) {
				throw new OptimisticLockingFailureException("conflict on attempt " + attempt);
			}
			return order + " x" + quantity + " on attempt " + attempt;
		}

	}

}
