package dev.tether.routing;

import dev.tether.sql.SqlKind;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown, before anything is sent to the database, when a read-only transaction that Tether routed
 * to a replica runs a statement only the primary can run: a write or a locking read. It is a
 * programming error, never retried: the message names the transaction's method, the statement's
 * kind and the fix.
 */
public class ReplicaMismatchException extends InvalidDataAccessApiUsageException {

	private final SqlKind kind;

	private final String transactionName;

	/**
	 * Creates a new instance.
	 * @param message the full message
	 * @param kind the refused statement's kind
	 * @param transactionName the transaction's name (Spring uses the method), or {@code null}
	 */
	public ReplicaMismatchException(String message, SqlKind kind, String transactionName) {
		super(message);
		this.kind = kind;
		this.transactionName = transactionName;
	}

	/**
	 * Returns the refused statement's kind.
	 * @return {@link SqlKind#WRITE} or {@link SqlKind#LOCKING_READ}
	 */
	public SqlKind getKind() {
		return this.kind;
	}

	/**
	 * Returns the name of the transaction, which Spring sets to the {@code @Transactional} method.
	 * @return the name, or {@code null} outside a Spring-managed transaction
	 */
	public String getTransactionName() {
		return this.transactionName;
	}

}
