package dev.tether.routing;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

/** Runs a {@code @ForceMaster} method inside a scope that forces the primary. */
final class ForceMasterInterceptor implements MethodInterceptor {

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			return invocation.proceed();
		}
	}

}
