package dev.tether.retry;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tether.annotation.RetryOptimistic;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Matches methods annotated {@link RetryOptimistic}, or declared by a class that is, and checks
 * every such annotation of a class when the class is first matched, while its bean is created: an
 * attribute out of range fails the startup, naming the method, instead of the first call.
 */
final class RetryOptimisticPointcut extends StaticMethodMatcherPointcut {

	private final Map<Class<?>, Boolean> checked = new ConcurrentHashMap<>();

	RetryOptimisticPointcut() {
		setClassFilter(new AnnotatedClasses());
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return find(AopUtils.getMostSpecificMethod(method, targetClass), targetClass) != null;
	}

	/** The annotation on the method, else on its class, else {@code null}. */
	static RetryOptimistic find(Method specific, Class<?> targetClass) {
		RetryOptimistic annotation = AnnotatedElementUtils.findMergedAnnotation(specific, RetryOptimistic.class);
		if (annotation == null && !Modifier.isStatic(specific.getModifiers())
				&& specific.getDeclaringClass() != Object.class) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, RetryOptimistic.class);
		}
		return annotation;
	}

	/** Admits every class, after checking the annotations it carries. */
	private final class AnnotatedClasses implements ClassFilter {

		@Override
		public boolean matches(Class<?> type) {
			RetryOptimisticPointcut.this.checked.computeIfAbsent(type, (key) -> {
				check(key);
				return Boolean.TRUE;
			});
			return true;
		}

		private void check(Class<?> type) {
			RetryOptimistic onClass = AnnotatedElementUtils.findMergedAnnotation(type, RetryOptimistic.class);
			if (onClass != null) {
				String problem = RetrySettings.annotationProblem(onClass, ClassUtils.getQualifiedName(type));
				if (problem != null) {
					throw new IllegalStateException(problem);
				}
			}
			ReflectionUtils.doWithMethods(type, (method) -> {
				RetryOptimistic annotation = AnnotatedElementUtils.findMergedAnnotation(method, RetryOptimistic.class);
				if (annotation != null) {
					String problem = RetrySettings.annotationProblem(annotation,
							ClassUtils.getQualifiedMethodName(method, type));
					if (problem != null) {
						throw new IllegalStateException(problem);
					}
				}
			}, ReflectionUtils.USER_DECLARED_METHODS);
		}

	}

}
