package dev.tether.retry;

/**
 * Where the row is that an escalated retry locks before its first statement
 * ({@link dev.tether.routing.RowLockFirst}):
 * for a {@link VersionedUpdate} the failure names the table and key column, for a JPA entity the
 * persistence provider's mapping does ({@link EntityTables}). Runs only after a conflict lost to
 * another process, so nothing here is on a first attempt's path.
 */
final class RowLocks {

	/** Locks for {@link VersionedUpdate} rows only: no JPA provider to ask. */
	static final RowLocks VERSIONED_UPDATES_ONLY = new RowLocks(null);

	private final EntityTables entities;

	RowLocks(EntityTables entities) {
		this.entities = entities;
	}

	/**
	 * Finds where the conflicting row is.
	 * @param conflict what the attempt threw
	 * @param target the row the conflict named
	 * @return its table and key column, or {@code null} when they are not known
	 */
	RowTable tableOf(Throwable conflict, ConflictTarget target) {
		for (Throwable current = conflict; current != null; current = (current.getCause() != current) ? current.getCause() : null) {
			if (current instanceof StaleRowException stale) {
				return new RowTable(stale.getTable(), stale.getKeyColumn());
			}
		}
		return (this.entities != null && isSimpleKey(target.id())) ? this.entities.find(target.type()) : null;
	}

	/** A key that binds as one JDBC parameter with its own type. */
	private static boolean isSimpleKey(Object id) {
		return id instanceof Number || id instanceof CharSequence;
	}

}
