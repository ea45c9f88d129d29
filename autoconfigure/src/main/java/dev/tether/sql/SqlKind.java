package dev.tether.sql;

/**
 * What a SQL statement does to the database, as far as routing between a primary and its read-only
 * replicas (PostgreSQL hot standbys, MySQL or MariaDB replicas) is concerned.
 *
 * <p>When a string holds several statements, its kind is the most severe of theirs, in the order
 * {@link #WRITE} &gt; {@link #LOCKING_READ} &gt; {@link #SESSION} &gt; {@link #READ}.
 *
 * @see SqlClassifier
 */
public enum SqlKind {

	/**
	 * A plain read with no side effect: safe on a hot-standby replica ({@code SELECT}, {@code VALUES},
	 * {@code TABLE}, {@code SHOW}, a {@code WITH} query without data-modifying parts, {@code EXPLAIN}
	 * without {@code ANALYZE}, {@code COPY ... TO STDOUT}).
	 */
	READ,

	/**
	 * A read that takes row locks ({@code FOR UPDATE}, {@code FOR NO KEY UPDATE}, {@code FOR SHARE},
	 * {@code FOR KEY SHARE}, {@code LOCK IN SHARE MODE}), advisory locks ({@code pg_advisory_*},
	 * {@code pg_try_advisory_*}) or MySQL named locks ({@code GET_LOCK}, {@code RELEASE_LOCK},
	 * {@code IS_FREE_LOCK}, ...). Locks only protect anything on the primary, so it must run there.
	 */
	LOCKING_READ,

	/**
	 * Anything that writes, or might: DML, DDL, maintenance commands, side-effect functions, read-write
	 * transaction starts, and every statement the classifier does not recognise as something else.
	 */
	WRITE,

	/**
	 * A statement with no data effect that only changes session or transaction state ({@code SET},
	 * {@code RESET}, {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}, {@code SAVEPOINT}, MySQL's
	 * {@code USE}, {@code SELECT ... INTO @var} and {@code @var := ...}). It may run on any node; outside
	 * a transaction it is sent to the primary, where the session's later writes see its effect.
	 */
	SESSION;

	/**
	 * Tells whether a statement of this kind may run on a hot-standby replica.
	 * @return {@code true} for {@link #READ} and {@link #SESSION}, {@code false} otherwise
	 */
	public boolean isReplicaSafe() {
		return this == READ || this == SESSION;
	}

}
