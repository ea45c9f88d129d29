package dev.tether.retry;

import dev.tether.annotation.RetryOptimistic;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What retry reads by reflection, for a native image: the public accessors of the optimistic-lock
 * exceptions that {@code ConflictDetails} describes (each only when its library is present, since
 * none is required), and {@link RetryOptimistic}, which the advisor looks up on application
 * classes. The entities' {@code @Id} and {@code @Version} fields are registered by Spring Boot's
 * JPA AOT support with the managed types. Registered in {@code META-INF/spring/aot.factories}.
 */
final class RetryRuntimeHints implements RuntimeHintsRegistrar {

	/** The exceptions whose getters ConflictDetails calls by name. */
	static final String[] CONFLICT_EXCEPTIONS = { "org.springframework.orm.ObjectOptimisticLockingFailureException",
			"jakarta.persistence.OptimisticLockException", "org.hibernate.StaleObjectStateException",
			"org.hibernate.StaleStateException" };

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		for (String name : CONFLICT_EXCEPTIONS) {
			if (ClassUtils.isPresent(name, classLoader)) {
				hints.reflection().registerType(TypeReference.of(name), MemberCategory.INVOKE_PUBLIC_METHODS);
			}
		}
		hints.reflection().registerType(RetryOptimistic.class, MemberCategory.INVOKE_PUBLIC_METHODS);
	}

}
