package dev.tether.retry;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Advisor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.DefaultAdvisorChainFactory;
import org.springframework.aop.framework.ReflectiveMethodInvocation;
import org.springframework.core.MethodClassKey;

/**
 * Runs the attempts of a {@code @RetryOptimistic} method through the advice inside the boundary
 * ({@code @ForceMaster}, {@code @Transactional}), so that each attempt is a fresh transaction.
 * <p>
 * A Spring AOP invocation proceeds once: afterwards its position in the chain is past the inner
 * advice. Retrying interceptors (Spring Retry's, Spring Framework 7's {@code @Retryable}) therefore
 * clone the invocation before every attempt, and a call that never conflicts pays for the clone
 * and its copy of the arguments. Here the first attempt proceeds on the invocation itself; only a
 * retry builds a new invocation, of the advice that follows this interceptor in the proxy's chain,
 * asked of the proxy's configuration at that moment. Spring offers no public way to reset an
 * invocation's position, hence this class.
 * <p>
 * Building that chain matches every advisor's pointcut against the method, which means annotation
 * lookups: over 1,000 rows at 32 threads, where one order in fifty retries once, building it at
 * every retry took a seventh of the boundary's CPU. Spring caches the chain per method in the
 * proxy's configuration, but offers no public way to reach that cache from an {@code Advised}
 * proxy, so the inner chain is cached here, per method and target class, together with the
 * advisors it was built from: a proxy whose advice changed since (or another proxy of the same
 * class with other advice) builds its own.
 * <p>
 * A proxy that does not expose its configuration ({@code opaque}) cannot tell its chain; its
 * calls clone the invocation before every attempt, as the other interceptors do.
 */
final class InvocationAttempt implements Attempt<ProxyMethodInvocation, Object> {

	private final MethodInterceptor interceptor;

	private final Map<MethodClassKey, InnerChain> chains = new ConcurrentHashMap<>();

	/**
	 * Creates the attempts of the methods behind an interceptor.
	 * @param interceptor the retry boundary's interceptor, whose inner chain retries run
	 */
	InvocationAttempt(MethodInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public Object run(ProxyMethodInvocation call, boolean first) throws Throwable {
		if (!(call.getProxy() instanceof Advised)) {
			return call.invocableClone().proceed();
		}
		if (first) {
			return call.proceed();
		}
		List<Object> inner = innerChain(call);
		if (inner == null) {
			throw new IllegalStateException("@RetryOptimistic cannot re-run " + call.getMethod()
					+ ": its interceptor no longer advises the proxy");
		}
		return new Retry(call, inner).proceed();
	}

	/** The advice after the interceptor in the chain of the invocation's proxy, or {@code null}. */
	private List<Object> innerChain(ProxyMethodInvocation invocation) {
		if (!(invocation.getProxy() instanceof Advised advised)) {
			return null;
		}
		Method method = invocation.getMethod();
		Class<?> targetClass = (invocation.getThis() != null) ? invocation.getThis().getClass()
				: method.getDeclaringClass();
		// a copy of the proxy's advisors: what the cached chain must have been built from
		Advisor[] advisors = advised.getAdvisors();
		boolean preFiltered = advised.isPreFiltered();
		MethodClassKey key = new MethodClassKey(method, targetClass);
		InnerChain cached = this.chains.get(key);
		if (cached != null && cached.builtFrom(advisors, preFiltered)) {
			return cached.inner();
		}
		List<Object> chain = DefaultAdvisorChainFactory.INSTANCE.getInterceptorsAndDynamicInterceptionAdvice(advised,
				method, targetClass);
		List<Object> inner = null;
		for (int i = 0; i < chain.size(); i++) {
			if (chain.get(i) == this.interceptor) {
				inner = List.copyOf(chain.subList(i + 1, chain.size()));
				break;
			}
		}
		if (inner != null) {
			this.chains.put(key, new InnerChain(advisors, preFiltered, inner));
		}
		return inner;
	}

	/**
	 * The advice after the interceptor for one method and target class, and the advisors (in their
	 * order) it was built from.
	 */
	private record InnerChain(Advisor[] advisors, boolean preFiltered, List<Object> inner) {

		boolean builtFrom(Advisor[] current, boolean currentlyPreFiltered) {
			if (this.preFiltered != currentlyPreFiltered || this.advisors.length != current.length) {
				return false;
			}
			for (int i = 0; i < current.length; i++) {
				if (this.advisors[i] != current[i]) {
					return false;
				}
			}
			return true;
		}

	}

	/** A fresh invocation of the inner chain, with its own copy of the arguments. */
	private static final class Retry extends ReflectiveMethodInvocation {

		Retry(ProxyMethodInvocation call, List<Object> inner) {
			super(call.getProxy(), call.getThis(), call.getMethod(), call.getArguments().clone(),
					(call.getThis() != null) ? call.getThis().getClass() : null, inner);
		}

	}

}
