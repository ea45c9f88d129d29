package dev.tether.retry;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Describes what conflicted, when the failure knows: entity type, id and version. Read by
 * reflection from Spring's, JPA's and Hibernate's exceptions, so none of them is required; this
 * runs only when a boundary gives up.
 */
final class ConflictDetails {

	private ConflictDetails() {
	}

	static String describe(Throwable failure) {
		for (Throwable current = failure; current != null; current = (current.getCause() != current) ? current.getCause() : null) {
			// Spring's ObjectOptimisticLockingFailureException (spring-orm, optional here)
			Object persistentClass = invoke(current, "getPersistentClassName");
			if (persistentClass != null) {
				return entity(persistentClass.toString(), invoke(current, "getIdentifier"), null);
			}
			Object entity = invoke(current, "getEntity");
			if (entity != null && current.getClass().getName().startsWith("jakarta.persistence.")) {
				return entity(entity.getClass().getName(), annotatedValue(entity, "jakarta.persistence.Id"),
						annotatedValue(entity, "jakarta.persistence.Version"));
			}
			Object entityName = invoke(current, "getEntityName");
			if (entityName != null) {
				return entity(entityName.toString(), invoke(current, "getIdentifier"), null);
			}
		}
		return null;
	}

	private static String entity(String type, Object id, Object version) {
		StringBuilder description = new StringBuilder(type);
		if (id != null) {
			description.append(" with id ").append(id);
		}
		if (version != null) {
			description.append(" at version ").append(version);
		}
		return description.toString();
	}

	private static Object invoke(Object target, String name) {
		try {
			Method method = target.getClass().getMethod(name);
			return method.invoke(target);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static Object annotatedValue(Object entity, String annotation) {
		for (Class<?> type = entity.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				for (var present : field.getAnnotations()) {
					if (present.annotationType().getName().equals(annotation)) {
						try {
							field.setAccessible(true);
							return field.get(entity);
						}
						catch (ReflectiveOperationException | RuntimeException ex) {
							return null;
						}
					}
				}
			}
		}
		return null;
	}

}
