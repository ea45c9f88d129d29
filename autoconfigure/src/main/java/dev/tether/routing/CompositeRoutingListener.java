package dev.tether.routing;

import java.sql.SQLException;
import java.util.List;

import dev.tether.sql.SqlKind;

/** Notifies several listeners, in order; a plain array loop, since it runs for every decision. */
final class CompositeRoutingListener implements RoutingListener {

	private final RoutingListener[] listeners;

	private CompositeRoutingListener(List<RoutingListener> listeners) {
		this.listeners = listeners.toArray(new RoutingListener[0]);
	}

	static RoutingListener of(List<RoutingListener> listeners) {
		return (listeners.size() == 1) ? listeners.get(0) : new CompositeRoutingListener(listeners);
	}

	@Override
	public void onDecision(RoutingTarget target, String replica, RoutingReason reason) {
		for (RoutingListener listener : this.listeners) {
			listener.onDecision(target, replica, reason);
		}
	}

	@Override
	public void onMismatch(SqlKind kind, String replica) {
		for (RoutingListener listener : this.listeners) {
			listener.onMismatch(kind, replica);
		}
	}

	@Override
	public void onFallback(String replica, Throwable cause) {
		for (RoutingListener listener : this.listeners) {
			listener.onFallback(replica, cause);
		}
	}

	@Override
	public void onAcquired(RoutingTarget target, String replica, long nanos) {
		for (RoutingListener listener : this.listeners) {
			listener.onAcquired(target, replica, nanos);
		}
	}

	@Override
	public void onTransactionEnd(RoutingTarget target, String replica, long nanos, boolean committed) {
		for (RoutingListener listener : this.listeners) {
			listener.onTransactionEnd(target, replica, nanos, committed);
		}
	}

	@Override
	public void onReplicaRefusal(String replica, SQLException cause) {
		for (RoutingListener listener : this.listeners) {
			listener.onReplicaRefusal(replica, cause);
		}
	}

	@Override
	public void onGuardViolation(GuardRule rule, boolean refused) {
		for (RoutingListener listener : this.listeners) {
			listener.onGuardViolation(rule, refused);
		}
	}

}
