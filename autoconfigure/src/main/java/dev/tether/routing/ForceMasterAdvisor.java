package dev.tether.routing;

import dev.tether.annotation.ForceMaster;
import dev.tether.aop.AnnotationScopes;
import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.core.Ordered;

/**
 * Applies {@link ForceMaster} on types and methods. Ordered before the transaction advisor (which
 * has the lowest precedence by default), so the scope is open when the transaction begins.
 */
public final class ForceMasterAdvisor extends AbstractPointcutAdvisor {

	/** The advisor's order: outside {@code @Transactional}, inside {@code @RetryOptimistic}. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	private final transient Pointcut pointcut = AnnotationScopes.pointcut(ForceMaster.class);

	private final transient Advice advice = new ForceMasterInterceptor();

	/** Creates the advisor with {@link #ORDER}. */
	public ForceMasterAdvisor() {
		setOrder(ORDER);
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
