package dev.tether.retry;

/**
 * The table and key column of a JPA entity, for the lock an escalated retry takes ({@link RowLocks}):
 * an interface so that the retry package loads no JPA provider's classes when there is none.
 */
interface EntityTables {

	/**
	 * Finds an entity's root table and its single key column.
	 * @param entityName the entity's name as a conflict reports it (its class name)
	 * @return the table, or {@code null} when the entity is unknown or its key spans several columns
	 */
	RowTable find(String entityName);

}
