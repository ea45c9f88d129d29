package dev.tether.retry;

import java.util.List;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Reports, at startup, the JPA entities the application can write that have no {@code @Version}
 * field: optimistic locking cannot detect lost updates on them, so {@code @RetryOptimistic} cannot
 * help. Entities marked Hibernate {@code @Immutable} are left out.
 */
final class VersionFieldCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(VersionFieldCheck.class);

	private static final String IMMUTABLE = "org.hibernate.annotations.Immutable";

	/** By default unversioned entities are reported with a warning. */
	static final Mode DEFAULT_MODE = Mode.WARN;

	private final Mode mode;

	private final ObjectProvider<EntityManagerFactory> entityManagerFactories;

	VersionFieldCheck(Mode mode, ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		this.mode = mode;
		this.entityManagerFactories = entityManagerFactories;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.mode == Mode.OFF) {
			return;
		}
		List<String> unversioned = this.entityManagerFactories.orderedStream()
			.flatMap((factory) -> factory.getMetamodel().getEntities().stream())
			.filter((entity) -> !entity.hasVersionAttribute() && !isImmutable(entity))
			.map((entity) -> (entity.getJavaType() != null) ? entity.getJavaType().getName() : entity.getName())
			.sorted()
			.toList();
		if (unversioned.isEmpty()) {
			return;
		}
		String message = "JPA entities without a @Version field: " + unversioned + ". Concurrent updates of"
				+ " them can be lost silently, and @RetryOptimistic cannot detect the conflict. Add a @Version"
				+ " field, mark read-only entities @org.hibernate.annotations.Immutable, or set"
				+ " tether.retry.require-version=off.";
		if (this.mode == Mode.FAIL) {
			throw new IllegalStateException(message + " (tether.retry.require-version=fail)");
		}
		logger.warn(message);
	}

	private static boolean isImmutable(EntityType<?> entity) {
		Class<?> type = entity.getJavaType();
		if (type == null) {
			return false;
		}
		for (var annotation : type.getAnnotations()) {
			if (annotation.annotationType().getName().equals(IMMUTABLE)) {
				return true;
			}
		}
		return false;
	}

	/** What the check does with unversioned entities ({@code tether.retry.require-version}). */
	enum Mode {

		/** Log a warning naming them. */
		WARN,

		/** Fail the startup, naming them. */
		FAIL,

		/** Do not check. */
		OFF

	}

}
