package dev.tether.retry;

import java.lang.reflect.Method;
import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.DefaultAdvisorChainFactory;
import org.springframework.aop.framework.ReflectiveMethodInvocation;

/**
 * Runs the attempts of a {@code @RetryOptimistic} method through the advice inside the boundary
 * ({@code @ForceMaster}, {@code @Transactional}), so that each attempt is a fresh transaction.
 * <p>
 * A Spring AOP invocation proceeds once: afterwards its position in the chain is past the inner
 * advice. Retrying interceptors (Spring Retry's, Spring Framework 7's {@code @Retryable}) therefore
 * clone the invocation before every attempt, and a call that never conflicts pays for the clone
 * and its copy of the arguments. Here the first attempt proceeds on the invocation itself; only a
 * retry builds a new invocation, of the advice that follows this interceptor in the proxy's chain,
 * asked of the proxy's configuration at that moment (the slow path: it runs after a conflict, a
 * rollback and usually a delay). Spring offers no public way to reset an invocation's position,
 * hence this class.
 * <p>
 * A proxy that does not expose its configuration ({@code opaque}) cannot tell its chain; its
 * calls clone the invocation before every attempt, as the other interceptors do.
 */
final class InvocationAttempt implements Attempt<ProxyMethodInvocation, Object> {

	private final MethodInterceptor interceptor;

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
		List<Object> inner = innerChain(call, this.interceptor);
		if (inner == null) {
			throw new IllegalStateException("@RetryOptimistic cannot re-run " + call.getMethod()
					+ ": its interceptor no longer advises the proxy");
		}
		return new Retry(call, inner).proceed();
	}

	/** The advice after the interceptor in the chain of the invocation's proxy, or {@code null}. */
	private static List<Object> innerChain(ProxyMethodInvocation invocation, MethodInterceptor interceptor) {
		if (!(invocation.getProxy() instanceof Advised advised)) {
			return null;
		}
		Method method = invocation.getMethod();
		Class<?> targetClass = (invocation.getThis() != null) ? invocation.getThis().getClass()
				: method.getDeclaringClass();
		List<Object> chain = DefaultAdvisorChainFactory.INSTANCE.getInterceptorsAndDynamicInterceptionAdvice(advised,
				method, targetClass);
		for (int i = 0; i < chain.size(); i++) {
			if (chain.get(i) == interceptor) {
				return chain.subList(i + 1, chain.size());
			}
		}
		return null;
	}

	/** A fresh invocation of the inner chain, with its own copy of the arguments. */
	private static final class Retry extends ReflectiveMethodInvocation {

		Retry(ProxyMethodInvocation call, List<Object> inner) {
			super(call.getProxy(), call.getThis(), call.getMethod(), call.getArguments().clone(),
					(call.getThis() != null) ? call.getThis().getClass() : null, inner);
		}

	}

}
