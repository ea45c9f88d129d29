package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaMonitor;

/**
 * What happens when a replica fails the routing path: a replica whose pool fails to connect to it
 * (not merely one that had no free connection in time), or whose connection breaks under a read
 * that has not read anything yet, is marked down at once
 * (a circuit breaker: no other request waits for it; only the monitor's probe readmits it) and the
 * fallback is reported; the read then moves on. One per router; thread-safe.
 */
final class ReplicaFailover {

	/** Why a replica whose pool Tether replaces is down meanwhile. */
	static final String RENEWING = "its HikariCP pool could no longer set up connections (HikariCP issue #1944);"
			+ " Tether replaces it with a new pool";

	private final ReplicaMonitor monitor;

	private final RoutingListener listener;

	private final PoisonedIsolation poisonedIsolation = new PoisonedIsolation();

	ReplicaFailover(ReplicaMonitor monitor, RoutingListener listener) {
		this.monitor = monitor;
		this.listener = listener;
	}

	/**
	 * Returns a node's registry of connections in flight.
	 * @param replicaName the replica's name, {@code null} for the primary
	 */
	dev.tether.replica.InFlightConnections inFlight(String replicaName) {
		return (replicaName != null) ? this.monitor.health(replicaName).inFlight() : this.monitor.primaryHealth().inFlight();
	}

	/**
	 * Why work that needs the primary fails at once instead of waiting for its pool: the probe
	 * found the primary DOWN (it did not answer within the probe timeout).
	 * @return the problem, {@code null} when the primary is not known to be down
	 */
	String primaryDown() {
		dev.tether.replica.ReplicaHealth primary = this.monitor.primaryHealth();
		return (primary.state() == dev.tether.replica.ReplicaState.DOWN) ? primary.status().problem() : null;
	}

	/**
	 * Takes a connection from a replica's pool.
	 * @return the connection, or {@code null} when the replica refused it (and is now down)
	 */
	Connection acquire(ReplicaPool pool) {
		long start = System.nanoTime();
		// the pool asked, so that a failure is pinned on it and not on its replacement
		RenewableReplicaPool renewable = (pool.dataSource() instanceof RenewableReplicaPool own) ? own : null;
		HikariDataSource asked = (renewable != null) ? renewable.current() : null;
		try {
			Connection connection = (renewable != null) ? renewable.getConnection(asked)
					: pool.dataSource().getConnection();
			this.listener.onAcquired(RoutingTarget.REPLICA, pool.name(), System.nanoTime() - start);
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			// a pool that only had no free connection in time is busy, not dead (16 threads on 10
			// connections under CPU load): this read moves, and the probe judges the node; a
			// refused or failed connection opens the circuit at once
			if (FallbackCause.of(ex) != FallbackCause.TIMEOUT) {
				if (!this.poisonedIsolation.isPoisoned(pool.name(), ex, renewable != null)) {
					this.monitor.markDown(pool.name(), ex);
				}
				else if (renewable != null) {
					// a pool of Tether's: held down while it is replaced (a probe readmitting it
					// meanwhile would send reads to the closing pool), then readmitted by the probe
					// as after any connection failure
					String name = pool.name();
					if (!renewable.renewLater(asked, () -> this.monitor.holdDown(name, RENEWING),
							() -> this.monitor.release(name, RENEWING))) {
						// replaced already, or being replaced: held by the read that started it
						this.monitor.markDown(name, new SQLException(RENEWING, ex));
					}
				}
				else {
					// the application's own pool, which only the application can replace
					this.monitor.holdDown(pool.name(), PoisonedIsolation.problem());
				}
			}
			this.listener.onFallback(pool.name(), ex);
			return null;
		}
	}

	/**
	 * A connection just taken from a replica's pool broke while it was brought to the session's
	 * settings (it had been pooled before the replica restarted); it is closed already. As for a
	 * broken read: the replica is marked down until the probe readmits it, and the fallback is
	 * reported.
	 */
	void brokeWhenPrepared(ReplicaPool pool, SQLException cause) {
		this.monitor.markDown(pool.name(), cause);
		this.listener.onFallback(pool.name(), cause);
	}

	/** A replica's connection broke before a read had read anything: the replica is down, the read moves. */
	void broke(PhysicalNode replica, SQLException cause) {
		this.monitor.markDown(replica.replicaName(), cause);
		this.listener.onFallback(replica.replicaName(), cause);
		replica.leave();
		try {
			replica.connection().close();
		}
		catch (SQLException ex) {
			// the pool discards a broken connection; nothing else to do
		}
	}

	/**
	 * A read-only transaction on a replica whose connection broke at commit or rollback: it had
	 * nothing to commit, so its outcome is the same; only the replica is marked down.
	 * @return whether the failure was that, and is handled
	 */
	boolean endedOnBrokenReplica(PhysicalNode node, SQLException ex) {
		if (!node.isReplica() || !BrokenConnections.isBroken(ex)) {
			return false;
		}
		this.monitor.markDown(node.replicaName(), ex);
		return true;
	}

}
