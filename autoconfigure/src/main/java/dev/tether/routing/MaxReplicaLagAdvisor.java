package dev.tether.routing;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tether.annotation.MaxReplicaLag;
import dev.tether.aop.AnnotationScopes;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;

/** Applies {@link MaxReplicaLag}: a scope whose reads tolerate the annotated lag. Ordered like {@code @ForceMaster}. */
public final class MaxReplicaLagAdvisor extends AbstractPointcutAdvisor {

	private final transient Pointcut pointcut = AnnotationScopes.pointcut(MaxReplicaLag.class);

	/**
	 * Keyed by method and target class: two implementations of one interface method are invoked
	 * with the same {@link Method} and may carry different lags.
	 */
	private final transient Map<MethodClassKey, Long> budgets = new ConcurrentHashMap<>();

	private final transient Advice advice = (MethodInterceptor) (invocation) -> {
		Class<?> target = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: invocation.getMethod().getDeclaringClass();
		long nanos = this.budgets.computeIfAbsent(new MethodClassKey(invocation.getMethod(), target),
				(key) -> budget(invocation.getMethod(), target));
		try (RoutingContextHolder.Scope scope = RoutingContextHolder
			.open(RoutingContextHolder.current().withMaxLagNanos(nanos))) {
			return invocation.proceed();
		}
	};

	/** Creates the advisor, ordered with {@link ForceMasterAdvisor#ORDER}. */
	public MaxReplicaLagAdvisor() {
		setOrder(ForceMasterAdvisor.ORDER);
	}

	private static long budget(Method method, Class<?> target) {
		MaxReplicaLag annotation = AnnotationScopes.find(method, target, MaxReplicaLag.class);
		try {
			return DurationStyle.detectAndParse(annotation.value()).toNanos();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("@MaxReplicaLag(\"" + annotation.value() + "\") on "
					+ ClassUtils.getQualifiedMethodName(method, target)
					+ " is not a duration; use for example \"500ms\" or \"30s\"", ex);
		}
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

}
