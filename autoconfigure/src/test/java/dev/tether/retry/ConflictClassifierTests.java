package dev.tether.retry;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import dev.tether.routing.UnansweredCommitException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class ConflictClassifierTests {

	@Test
	void optimisticLockFailuresOfSpringJpaAndHibernateAreRecognised() {
		assertThat(ConflictClassifier.classify(new OptimisticLockingFailureException("x")))
			.isEqualTo(ConflictKind.OPTIMISTIC_LOCK);
		assertThat(ConflictClassifier.classify(new ObjectOptimisticLockingFailureException(Object.class, 1)))
			.isEqualTo(ConflictKind.OPTIMISTIC_LOCK);
		assertThat(ConflictClassifier.classify(new OptimisticLockException("x"))).isEqualTo(ConflictKind.OPTIMISTIC_LOCK);
		assertThat(ConflictClassifier.classify(new RuntimeException(new StaleObjectStateException("Item", 1))))
			.isEqualTo(ConflictKind.OPTIMISTIC_LOCK);
	}

	@Test
	void springsLockExceptionIsSplitByTheRootSqlState() {
		assertThat(ConflictClassifier.classify(lock(new SQLException("deadlock", "40P01"))))
			.isEqualTo(ConflictKind.DEADLOCK);
		assertThat(ConflictClassifier.classify(lock(new SQLException("serialization", "40001"))))
			.isEqualTo(ConflictKind.SERIALIZATION_FAILURE);
		assertThat(ConflictClassifier.classify(lock(new SQLException("lock timeout", "55P03"))))
			.isEqualTo(ConflictKind.LOCK_TIMEOUT);
	}

	@Test
	void aSettledUnansweredCommitSaysItselfWhetherARerunIsSafe() {
		UnansweredCommitException rolledBack = new UnansweredCommitException("rolled back",
				UnansweredCommitException.Outcome.ROLLED_BACK, "1754", "primary", new SQLException("I/O", "08006"));
		UnansweredCommitException unknown = new UnansweredCommitException("unknown",
				UnansweredCommitException.Outcome.UNKNOWN, "1754", "primary", new SQLException("I/O", "08006"));
		// as Spring's transaction managers wrap a failed commit
		assertThat(ConflictClassifier.classify(new TransactionSystemException("Could not commit", rolledBack)))
			.isEqualTo(ConflictKind.COMMIT_ROLLED_BACK);
		assertThat(ConflictClassifier.classify(new TransactionSystemException("Could not commit", unknown)))
			.isEqualTo(ConflictKind.COMMIT_OUTCOME_UNKNOWN);
		assertThat(rolledBack.getSQLState()).isEqualTo("40000");
		assertThat(unknown.getSQLState()).as("transaction resolution unknown").isEqualTo("08007");
		assertThat(new WriteConflictPredicate().test(rolledBack)).isTrue();
		assertThat(new WriteConflictPredicate().test(unknown)).isFalse();
	}

	@Test
	void aBrokenConnectionThatNoRouterSettledIsNoConflict() {
		assertThat(ConflictClassifier.classify(new TransactionSystemException("Could not commit",
				new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
			.isEqualTo(ConflictKind.OTHER);
	}

	@Test
	void mysqlVendorCodesAreRecognised() {
		assertThat(ConflictClassifier.classify(new SQLException("Deadlock found", "40001", 1213)))
			.isEqualTo(ConflictKind.DEADLOCK);
		assertThat(ConflictClassifier.classify(new SQLException("Lock wait timeout exceeded", "HY000", 1205)))
			.isEqualTo(ConflictKind.LOCK_TIMEOUT);
		// as MySQL Connector/J reports it (MySQLTransactionRollbackException); MariaDB's driver says HY000
		assertThat(ConflictClassifier.classify(new SQLException("Lock wait timeout exceeded", "40001", 1205)))
			.isEqualTo(ConflictKind.LOCK_TIMEOUT);
	}

	@Test
	void readOnlyRefusalsAreTheirOwnKind() {
		assertThat(ConflictClassifier.classify(new UncategorizedSQLException("task", "sql", new SQLException(
				"The MariaDB server is running with the --read-only option so it cannot execute this statement", "HY000",
				1290))))
			.isEqualTo(ConflictKind.READ_ONLY_NODE);
		assertThat(ConflictClassifier.classify(new SQLException(
				"The MySQL server is running with the --super-read-only option so it cannot execute this statement",
				"HY000", 1290)))
			.isEqualTo(ConflictKind.READ_ONLY_NODE);
		assertThat(ConflictClassifier.classify(new SQLException("Cannot execute statement in a READ ONLY transaction",
				"25006", 1792)))
			.isEqualTo(ConflictKind.READ_ONLY_NODE);
		assertThat(ConflictClassifier.classify(new SQLException("cannot execute UPDATE in a read-only transaction",
				"25006")))
			.isEqualTo(ConflictKind.READ_ONLY_NODE);
	}

	@Test
	void error1290ForAnotherOptionIsNoReadOnlyRefusal() {
		assertThat(ConflictClassifier.classify(new SQLException(
				"The MariaDB server is running with the --secure-file-priv option so it cannot execute this statement",
				"HY000", 1290)))
			.isEqualTo(ConflictKind.OTHER);
	}

	@Test
	void theRootSqlExceptionDecidesNotTheOutermost() {
		SQLException root = new SQLException("deadlock", "40P01");
		SQLException wrapper = new SQLException("batch failed", "08000", root);
		assertThat(ConflictClassifier.classify(new UncategorizedSQLException("task", "sql", wrapper)))
			.isEqualTo(ConflictKind.DEADLOCK);
	}

	@Test
	void batchFailuresAreFollowedThroughTheNextException() {
		BatchUpdateException batch = new BatchUpdateException("batch", "XX000", 0, new int[0]);
		batch.setNextException(new SQLException("deadlock", "40P01"));
		assertThat(ConflictClassifier.classify(batch)).isEqualTo(ConflictKind.DEADLOCK);
	}

	@Test
	void otherFailuresAreNotConflicts() {
		assertThat(ConflictClassifier.classify(new IllegalStateException("bug"))).isEqualTo(ConflictKind.OTHER);
		assertThat(ConflictClassifier.classify(new SQLException("unique violation", "23505"))).isEqualTo(ConflictKind.OTHER);
		assertThat(ConflictClassifier.classify(new SQLException("statement timeout", "57014"))).isEqualTo(ConflictKind.OTHER);
	}

	@Test
	void anExhaustedInnerBoundaryIsNotRetriedAgain() {
		RetryExhaustedException exhausted = new RetryExhaustedException("gave up", "m", 3,
				new OptimisticLockingFailureException("x"));
		assertThat(ConflictClassifier.classify(exhausted)).isEqualTo(ConflictKind.OTHER);
	}

	private static CannotAcquireLockException lock(SQLException cause) {
		return new CannotAcquireLockException("lock", cause);
	}

}
