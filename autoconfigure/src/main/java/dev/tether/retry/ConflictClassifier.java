package dev.tether.retry;

import java.sql.SQLException;

import dev.tether.routing.ReadOnlyRefusals;
import dev.tether.routing.ReturningRefusedException;
import dev.tether.routing.UnansweredCommitException;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Classifies a failure by its root {@link SQLException}'s SQLState and vendor code, and by the
 * optimistic-lock exception types of Spring, JPA and Hibernate. Spring's own translation is not
 * enough: it maps deadlocks, serialization failures and lock-wait timeouts alike to
 * {@code CannotAcquireLockException} or {@code PessimisticLockingFailureException}, and only the
 * first two are worth retrying.
 * <p>
 * The one classification of Tether: retries, bulk-update chunks and the database dialects all use
 * it.
 */
public final class ConflictClassifier {

	private static final String JPA_OPTIMISTIC_LOCK = "jakarta.persistence.OptimisticLockException";

	private static final String HIBERNATE_STALE_STATE = "org.hibernate.StaleStateException";

	private ConflictClassifier() {
	}

	/**
	 * Classifies a failure, looking through its causes.
	 * @param failure what an attempt threw
	 * @return its kind, {@link ConflictKind#OTHER} when it is no write conflict
	 */
	public static ConflictKind classify(Throwable failure) {
		SQLException deepestSql = null;
		for (Throwable current = failure; current != null; current = nextCause(current)) {
			if (current instanceof RetryExhaustedException) {
				// an inner retry boundary already gave up: retrying it again would multiply attempts
				return ConflictKind.OTHER;
			}
			if (current instanceof UnansweredCommitException unanswered) {
				// settled by the routing connection: it says itself whether a re-run is safe
				return (unanswered.getOutcome() == UnansweredCommitException.Outcome.ROLLED_BACK)
						? ConflictKind.COMMIT_ROLLED_BACK : ConflictKind.COMMIT_OUTCOME_UNKNOWN;
			}
			if (isOptimisticLockFailure(current)) {
				return ConflictKind.OPTIMISTIC_LOCK;
			}
			if (current instanceof SQLException sqlException) {
				if (ReturningRefusedException.isNotedOn(sqlException)) {
					return ConflictKind.RETURNING_REFUSED;
				}
				deepestSql = sqlException;
			}
		}
		return (deepestSql != null) ? bySqlState(deepestSql) : ConflictKind.OTHER;
	}

	/** Classifies one database error by SQLState, then by vendor code. */
	private static ConflictKind bySqlState(SQLException failure) {
		String state = failure.getSQLState();
		int code = failure.getErrorCode();
		if ("40P01".equals(state) || code == 1213) {
			return ConflictKind.DEADLOCK;
		}
		// before 40001: MySQL Connector/J reports a lock-wait timeout (1205) with SQLState 40001
		if ("55P03".equals(state) || code == 1205) {
			return ConflictKind.LOCK_TIMEOUT;
		}
		if ("40001".equals(state)) {
			return ConflictKind.SERIALIZATION_FAILURE;
		}
		if (ReadOnlyRefusals.isReadOnlyRefusal(failure)) {
			return ConflictKind.READ_ONLY_NODE;
		}
		return ConflictKind.OTHER;
	}

	private static boolean isOptimisticLockFailure(Throwable failure) {
		if (failure instanceof OptimisticLockingFailureException) {
			return true;
		}
		for (Class<?> type = failure.getClass(); type != null && type != Throwable.class; type = type.getSuperclass()) {
			String name = type.getName();
			if (name.equals(JPA_OPTIMISTIC_LOCK) || name.equals(HIBERNATE_STALE_STATE)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable nextCause(Throwable current) {
		Throwable cause = current.getCause();
		if (cause == null && current instanceof SQLException sqlException) {
			// batch failures chain the real error through getNextException, not getCause
			cause = sqlException.getNextException();
		}
		return (cause != current) ? cause : null;
	}

}
