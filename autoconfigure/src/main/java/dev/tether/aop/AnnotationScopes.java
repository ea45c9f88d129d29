package dev.tether.aop;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The pointcut and the lookup of Tether's scope annotations ({@code @ForceMaster},
 * {@code @MaxReplicaLag}, {@code @RetryOptimistic}), which go on a type or a method alike, written
 * once for every advisor. Internal to Tether: not an API for applications.
 * <p>
 * An advisor that caches what {@link #find} returns must key the cache by the method <em>and</em> the
 * target class ({@link org.springframework.core.MethodClassKey}): two implementations of one
 * interface method are invoked with the same {@link Method} and may be annotated differently.
 */
public final class AnnotationScopes {

	private AnnotationScopes() {
	}

	/**
	 * Matches the methods of a type annotated with the annotation, and annotated methods, looking
	 * through superclasses and interfaces.
	 * @param annotation the annotation type
	 * @return the pointcut
	 */
	public static Pointcut pointcut(Class<? extends Annotation> annotation) {
		return new ComposablePointcut(new AnnotationMatchingPointcut(annotation, true))
			.union(new AnnotationMatchingPointcut(null, annotation, true));
	}

	/**
	 * Finds the annotation that applies to an invocation: on the most specific method of the target
	 * class, else on the target class.
	 * @param method the invoked method (may be an interface's)
	 * @param targetClass the class of the invoked object
	 * @param annotation the annotation type
	 * @param <A> the annotation type
	 * @return the merged annotation, or {@code null} when neither carries it
	 */
	public static <A extends Annotation> A find(Method method, Class<?> targetClass, Class<A> annotation) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		A found = AnnotatedElementUtils.findMergedAnnotation(specific, annotation);
		return (found != null) ? found : AnnotatedElementUtils.findMergedAnnotation(targetClass, annotation);
	}

}
