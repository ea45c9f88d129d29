package dev.tether.routing;

import dev.tether.sql.SqlClassification;
import dev.tether.sql.SqlClassifier;
import dev.tether.sql.SqlDialect;
import dev.tether.sql.SqlKind;

/**
 * Where every statement of a router's logical connections comes in: it is classified once, the
 * statement guards judge it, and the kind is handed to the routing rules (the replica-safety check,
 * write tracking, per-statement routing), which never classify it again. One per router, immutable.
 */
final class StatementIntake {

	private final SqlClassifier classifier;

	private final StatementGuard guard;

	private final SqlDialect dialect;

	StatementIntake(SqlClassifier classifier, StatementGuard guard, SqlDialect dialect) {
		this.classifier = classifier;
		this.guard = guard;
		this.dialect = dialect;
	}

	/**
	 * Classifies a statement and applies the guards before it is prepared or sent.
	 * @return the statement's kind
	 * @throws StatementGuardException when a guard refuses it
	 */
	SqlKind admit(String sql) {
		// the one lookup: the cached classification answers the kind and the unbounded-DML question
		SqlClassification classification = this.classifier.classification(sql);
		boolean unbounded = classification.isUnboundedDml() && this.guard.settings().unboundedDml() != GuardAction.OFF;
		this.guard.checkStatement(sql, unbounded, this.dialect);
		return classification.kind();
	}

	/** The kind of a statement already admitted (a batch's, to pick its node). */
	SqlKind kindOf(String sql) {
		return this.classifier.classify(sql);
	}

	SqlDialect dialect() {
		return this.dialect;
	}

}
