package dev.tether.retry;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Thrown by {@link VersionedUpdate} when no row matched: the row is gone or another transaction
 * changed its version. An {@link OptimisticLockingFailureException}, so {@code @RetryOptimistic}
 * and Spring's handlers treat it as any optimistic-lock conflict; it names the row, which lets
 * retries of the same row take turns.
 */
public class StaleRowException extends OptimisticLockingFailureException {

	private final String table;

	private final String keyColumn;

	private final transient Object key;

	private final long version;

	/**
	 * Creates a new instance.
	 * @param table the table
	 * @param keyColumn the key column
	 * @param key the row's key
	 * @param version the version the update expected
	 */
	public StaleRowException(String table, String keyColumn, Object key, long version) {
		super("Row " + table + "." + keyColumn + " = " + key + " is gone or no longer at version " + version
				+ ": another transaction changed it");
		this.table = table;
		this.keyColumn = keyColumn;
		this.key = key;
		this.version = version;
	}

	/**
	 * Returns the table.
	 * @return the table of the row
	 */
	public String getTable() {
		return this.table;
	}

	/**
	 * Returns the key column.
	 * @return the column the update matched the key on
	 */
	public String getKeyColumn() {
		return this.keyColumn;
	}

	/**
	 * Returns the key of the row.
	 * @return the key value
	 */
	public Object getKey() {
		return this.key;
	}

	/**
	 * Returns the version the update expected.
	 * @return the stale version
	 */
	public long getVersion() {
		return this.version;
	}

}
