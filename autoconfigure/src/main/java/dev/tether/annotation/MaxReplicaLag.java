package dev.tether.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * States how stale the data read by the annotated method (or every public method of the annotated
 * type) may be: its read-only transactions go only to replicas whose replay lag is within this
 * budget, tighter or looser than {@code tether.replica.max-lag}; with none, to the primary (or a
 * failure, per {@code tether.routing.fallback}). Applies to nested calls, like {@code @ForceMaster}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface MaxReplicaLag {

	/**
	 * The tolerated lag, as a duration: {@code "500ms"}, {@code "30s"}.
	 * @return the staleness budget
	 */
	String value();

}
