package dev.tether.retry;

import dev.tether.annotation.RetryOptimistic;
import dev.tether.routing.ForceMasterAdvisor;
import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;

/**
 * Applies {@link RetryOptimistic} on types and methods, outside {@code @ForceMaster} and
 * {@code @Transactional}, so each attempt is a fresh transaction.
 */
public final class RetryOptimisticAdvisor extends AbstractPointcutAdvisor {

	/** The advisor's order: outside {@link ForceMasterAdvisor#ORDER} and the transaction advisor. */
	public static final int ORDER = ForceMasterAdvisor.ORDER - 1000;

	private final transient Pointcut pointcut = new RetryOptimisticPointcut();

	private final transient Advice advice;

	RetryOptimisticAdvisor(org.springframework.beans.factory.ObjectProvider<OptimisticRetryTemplate> template) {
		this.advice = new RetryOptimisticInterceptor(template);
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
