package dev.tether.routing;

import java.sql.SQLException;

import dev.tether.sql.SqlKind;

/**
 * Receives the routing events of a {@link TetherDataSource}: what metrics, logs and the Actuator
 * endpoint are built on. Called on the routing path of every transaction, so implementations must
 * be fast, non-blocking and thread-safe. Every {@code RoutingListener} bean is notified.
 */
public interface RoutingListener {

	/**
	 * A transaction (at its first statement) or a statement outside a transaction was routed.
	 * @param target where it went
	 * @param replica the replica's name, or {@code null} for the primary
	 * @param reason why
	 */
	default void onDecision(RoutingTarget target, String replica, RoutingReason reason) {
	}

	/**
	 * A statement was refused because it cannot run in a read-only, replica-routed transaction.
	 * @param kind the statement's kind ({@link SqlKind#WRITE} or {@link SqlKind#LOCKING_READ})
	 * @param replica the replica the transaction is pinned to, or {@code null} if it fell back to
	 * the primary
	 */
	default void onMismatch(SqlKind kind, String replica) {
	}

	/**
	 * A replica could not give a connection and the work went to the primary instead.
	 * @param replica the replica's name
	 * @param cause what the replica's pool threw
	 */
	default void onFallback(String replica, Throwable cause) {
	}

	/**
	 * A physical connection was taken from a node's pool. Not called when a replica's pool fails
	 * ({@link #onFallback} is, and the primary's connection is then reported here).
	 * @param target the node's kind
	 * @param replica the replica's name, or {@code null} for the primary
	 * @param nanos how long the pool took to give the connection, from {@link System#nanoTime()}
	 */
	default void onAcquired(RoutingTarget target, String replica, long nanos) {
	}

	/**
	 * A transaction pinned to a node ended: committed, rolled back, or its connection closed. Its
	 * duration runs from its first statement (when the node was chosen) to its end: how long it
	 * held the node, and the locks it took there.
	 * @param target the node's kind
	 * @param replica the replica's name, or {@code null} for the primary
	 * @param nanos how long the node was held, from {@link System#nanoTime()}
	 * @param committed {@code true} for a commit, {@code false} for a rollback, a failed commit,
	 * or a connection closed in the middle of the transaction
	 */
	default void onTransactionEnd(RoutingTarget target, String replica, long nanos, boolean committed) {
	}

	/**
	 * A replica refused a statement Tether had sent it, because the replica is read-only (MySQL and
	 * MariaDB error 1290, PostgreSQL SQLState 25006): the statement wrote although the SQL
	 * classifier judged it replica-safe. Reported for the replica pools Tether creates.
	 * @param replica the replica's name
	 * @param cause the database error, which the application receives too
	 */
	default void onReplicaRefusal(String replica, SQLException cause) {
	}

	/**
	 * A statement guard found a statement or transaction breaking its rule.
	 * @param rule the rule
	 * @param refused {@code true} when the statement was refused or the transaction failed,
	 * {@code false} when it was let through with a warning
	 */
	default void onGuardViolation(GuardRule rule, boolean refused) {
	}

}
