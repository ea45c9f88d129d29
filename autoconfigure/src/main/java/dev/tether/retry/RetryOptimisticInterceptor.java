package dev.tether.retry;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tether.annotation.RetryOptimistic;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Runs a {@code @RetryOptimistic} method as a retry boundary. Each attempt runs the advice inside
 * this one ({@code @ForceMaster}, {@code @Transactional}) again: a new transaction and persistence
 * context per attempt ({@link InvocationAttempt} says how without cloning on a first attempt).
 */
final class RetryOptimisticInterceptor implements MethodInterceptor {

	/** Resolved at the first call: advisors are created early, the template's listeners need not be. */
	private final ObjectProvider<OptimisticRetryTemplate> templateProvider;

	private volatile OptimisticRetryTemplate template;

	private final InvocationAttempt attempt = new InvocationAttempt(this);

	/**
	 * Resolved once per target class and method: the name and the annotation's settings over the
	 * defaults. Keyed by both, as Spring's {@code MethodClassKey} is, because two implementations of
	 * one interface method carry their own annotations; two map levels instead of a key object, so
	 * that a call allocates nothing.
	 */
	private final Map<Class<?>, Map<Method, Boundary>> boundaries = new ConcurrentHashMap<>();

	/**
	 * The boundary first resolved for each method: a method is nearly always called on one target
	 * class, whose calls then take one map lookup; other classes look in {@link #boundaries}.
	 */
	private final Map<Method, Boundary> byMethod = new ConcurrentHashMap<>();

	RetryOptimisticInterceptor(ObjectProvider<OptimisticRetryTemplate> templateProvider) {
		this.templateProvider = templateProvider;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
			throw new IllegalStateException("@RetryOptimistic needs a Spring AOP proxy invocation, got "
					+ invocation.getClass().getName());
		}
		OptimisticRetryTemplate template = template();
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: invocation.getMethod().getDeclaringClass();
		Boundary boundary = boundary(invocation.getMethod(), targetClass, template);
		return template.run(boundary.name, boundary.settings, boundary.hints, invocation.getArguments(), this.attempt,
				proxyInvocation);
	}

	private Boundary boundary(Method method, Class<?> targetClass, OptimisticRetryTemplate template) {
		Boundary boundary = this.byMethod.get(method);
		if (boundary != null && boundary.targetClass == targetClass) {
			return boundary;
		}
		Map<Method, Boundary> ofClass = this.boundaries.get(targetClass);
		if (ofClass == null) {
			ofClass = this.boundaries.computeIfAbsent(targetClass, (type) -> new ConcurrentHashMap<>());
		}
		boundary = ofClass.get(method);
		if (boundary == null) {
			boundary = ofClass.computeIfAbsent(method, (key) -> resolve(key, targetClass, template));
			this.byMethod.putIfAbsent(method, boundary);
		}
		return boundary;
	}

	private OptimisticRetryTemplate template() {
		OptimisticRetryTemplate current = this.template;
		if (current == null) {
			current = this.templateProvider.getObject();
			this.template = current;
		}
		return current;
	}

	private static Boundary resolve(Method method, Class<?> targetClass, OptimisticRetryTemplate template) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		String name = ClassUtils.getQualifiedMethodName(specific, targetClass);
		RetryOptimistic annotation = RetryOptimisticPointcut.find(specific, targetClass);
		RetrySettings settings = (annotation != null) ? template.defaults().with(annotation, name)
				: template.defaults();
		return new Boundary(targetClass, name, settings, new HotArguments());
	}

	private record Boundary(Class<?> targetClass, String name, RetrySettings settings, HotArguments hints) {

	}

}
