package dev.tether.routing;

import java.sql.Connection;

import dev.tether.sql.SqlKind;

/**
 * Whether a logical connection's read-write transaction wrote, for read-your-writes: a committed
 * write is recorded in the session through {@link CausalReads}, so later reads of the session see
 * it. Tracks nothing when the router does not follow writes. A connection takes one at its first
 * read-write transaction. Not thread-safe, like the connection.
 */
final class WriteTracker {

	private final CausalReads causal;

	/** Whether the current transaction's writes are tracked: a read-write one on the primary. */
	private boolean tracking;

	private boolean wrote;

	WriteTracker(CausalReads causal) {
		this.causal = causal;
	}

	/** A read-write transaction started with a statement of the given kind ({@code null}: no SQL). */
	void transactionStarted(SqlKind first) {
		this.tracking = this.causal.tracksWrites();
		this.wrote = this.tracking && first == SqlKind.WRITE;
	}

	/** A later statement of the pinned read-write transaction. */
	void statement(SqlKind kind) {
		if (this.tracking && !this.wrote) {
			this.wrote = kind == SqlKind.WRITE;
		}
	}

	/**
	 * The transaction committed: a write it made is now the session's to see.
	 * @param primary the primary connection that committed it, whose answer may name the commit's
	 * position; {@code null} when not known
	 */
	void committed(Connection primary) {
		if (this.wrote) {
			this.wrote = false;
			this.causal.recordCommit(primary);
		}
	}

	void rolledBack() {
		this.wrote = false;
	}

}
