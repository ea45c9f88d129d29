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

	private final RetryProperties.RequireVersion mode;

	private final ObjectProvider<EntityManagerFactory> entityManagerFactories;

	VersionFieldCheck(RetryProperties.RequireVersion mode, ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		this.mode = mode;
		this.entityManagerFactories = entityManagerFactories;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.mode == RetryProperties.RequireVersion.OFF) {
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
		if (this.mode == RetryProperties.RequireVersion.FAIL) {
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

}
