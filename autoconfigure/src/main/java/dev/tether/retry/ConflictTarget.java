package dev.tether.retry;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * What a write conflict was on, when the failure says: a JPA entity and its id (and the version
 * the losing transaction held, when known), or a table and key for {@link VersionedUpdate}. Two
 * conflicts on the same entity and id, or table and key, have equal {@link #key() keys}: that is
 * what turn-taking on hot keys waits on.
 *
 * @param type the entity's class name, or the table
 * @param id the entity's id, or the row's key
 * @param version the version the losing attempt held, {@code null} when unknown
 */
public record ConflictTarget(String type, Object id, Object version) {

	/**
	 * Returns the identity of the conflicting row, without the version.
	 * @return a key with value equality
	 */
	public Object key() {
		return new Key(this.type, this.id);
	}

	@Override
	public String toString() {
		return this.type + " with id " + this.id + ((this.version != null) ? " at version " + this.version : "");
	}

	/**
	 * Finds the target in a failure and its causes. Spring's {@code ObjectOptimisticLockingFailureException},
	 * JPA's {@code OptimisticLockException} and Hibernate's {@code StaleStateException} subtypes are
	 * read by reflection, so none of them is required; this runs only after a conflict.
	 * @param failure what an attempt threw
	 * @return the target, or {@code null} when the failure names none
	 */
	public static ConflictTarget of(Throwable failure) {
		for (Throwable current = failure; current != null; current = (current.getCause() != current) ? current.getCause() : null) {
			if (current instanceof StaleRowException stale) {
				return new ConflictTarget(stale.getTable(), stale.getKey(), stale.getVersion());
			}
			// Spring's ObjectOptimisticLockingFailureException (spring-orm, optional here)
			Object persistentClass = invoke(current, "getPersistentClassName");
			Object identifier = invoke(current, "getIdentifier");
			if (persistentClass != null && identifier != null) {
				return new ConflictTarget(persistentClass.toString(), identifier, null);
			}
			Object entity = invoke(current, "getEntity");
			if (entity != null && current.getClass().getName().startsWith("jakarta.persistence.")) {
				Object id = annotatedValue(entity, "jakarta.persistence.Id");
				if (id != null) {
					return new ConflictTarget(entity.getClass().getName(), id,
							annotatedValue(entity, "jakarta.persistence.Version"));
				}
			}
			Object entityName = invoke(current, "getEntityName");
			if (entityName != null && identifier != null) {
				return new ConflictTarget(entityName.toString(), identifier, null);
			}
		}
		return null;
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

	/** Entity and id, or table and key. */
	private record Key(String type, Object id) {

		Key {
			Objects.requireNonNull(type);
			Objects.requireNonNull(id);
		}

	}

}
