package dev.tether.retry;

import java.util.List;

/** Notifies several retry listeners in order. */
final class CompositeRetryListener implements OptimisticRetryListener {

	private final OptimisticRetryListener[] listeners;

	CompositeRetryListener(List<OptimisticRetryListener> listeners) {
		this.listeners = listeners.toArray(new OptimisticRetryListener[0]);
	}

	@Override
	public void onRetry(String name, ConflictKind conflict) {
		for (OptimisticRetryListener listener : this.listeners) {
			listener.onRetry(name, conflict);
		}
	}

	@Override
	public void onCall(String name, RetryOutcome outcome, int attempts) {
		for (OptimisticRetryListener listener : this.listeners) {
			listener.onCall(name, outcome, attempts);
		}
	}

	@Override
	public void onRowLockedFirst(String name) {
		for (OptimisticRetryListener listener : this.listeners) {
			listener.onRowLockedFirst(name);
		}
	}

}
