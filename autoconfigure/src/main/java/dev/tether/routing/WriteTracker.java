package dev.tether.routing;

import dev.tether.sql.SqlKind;

/**
 * Whether a logical connection's read-write transaction wrote, for read-your-writes: a committed
 * write (or, outside a transaction, a write sent) is recorded in the session through
 * {@link CausalReads}, so later reads of the session see it. Tracks nothing when the router does
 * not follow writes. Not thread-safe, like the connection.
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

	/** A write sent outside a transaction, which commits it. */
	void autoCommitWrite() {
		if (this.causal.tracksWrites()) {
			this.causal.recordWrite();
		}
	}

	/** The transaction committed: a write it made is now the session's to see. */
	void committed() {
		if (this.wrote) {
			this.wrote = false;
			this.causal.recordWrite();
		}
	}

	void rolledBack() {
		this.wrote = false;
	}

}
