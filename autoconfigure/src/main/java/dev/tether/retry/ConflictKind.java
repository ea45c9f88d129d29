package dev.tether.retry;

/** What kind of failure ended a transaction attempt, as far as retrying is concerned. */
public enum ConflictKind {

	/** An optimistic-lock failure: a {@code @Version} check or a versioned update matched no row. */
	OPTIMISTIC_LOCK("optimistic-lock"),

	/** A deadlock the database broke by aborting this transaction (PostgreSQL 40P01, MySQL 1213). */
	DEADLOCK("deadlock"),

	/** A serialization failure under REPEATABLE READ / SERIALIZABLE (SQLState 40001). */
	SERIALIZATION_FAILURE("serialization-failure"),

	/** A lock wait that timed out (PostgreSQL 55P03, MySQL 1205): the lock holder may still be busy. */
	LOCK_TIMEOUT("lock-timeout"),

	/**
	 * A write refused because the node or transaction is read-only (MySQL and MariaDB 1290
	 * {@code --read-only}, 1792; SQLState 25006): a routing bug when a replica answers it (see
	 * {@link dev.tether.routing.ReadOnlyRefusals}), never retried: the retry would be routed alike.
	 */
	READ_ONLY_NODE("read-only-node"),

	/**
	 * The connection broke during or right before {@code COMMIT}, and the database says the
	 * transaction rolled back (see {@link dev.tether.routing.CommitSettling}): always retried, since
	 * running it again cannot apply it twice.
	 */
	COMMIT_ROLLED_BACK("commit-rolled-back"),

	/**
	 * The connection broke during {@code COMMIT} and whether the transaction committed could not be
	 * settled: never retried (a retry could apply it twice), a {@link CommitOutcomeUnknownException}
	 * is thrown instead.
	 */
	COMMIT_OUTCOME_UNKNOWN("commit-outcome-unknown"),

	/**
	 * The table refused the {@code RETURNING} that Tether had appended to a write to learn the
	 * transaction's id (a {@code DO INSTEAD} rule or row-level security its catalog did not show;
	 * see {@link dev.tether.routing.ReturningRefusedException}): the write changed nothing and the
	 * transaction rolled back. Always retried, at once: the table's writes go without the clause
	 * from then on, so the re-run is the transaction as the application wrote it.
	 */
	RETURNING_REFUSED("returning-refused"),

	/** Anything else: never retried. */
	OTHER("other");

	private final String tagValue;

	ConflictKind(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Returns the lowercase, dash-separated name used in meters and logs.
	 * @return the tag value, for example {@code deadlock}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
