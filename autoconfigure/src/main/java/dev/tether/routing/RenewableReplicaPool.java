package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A replica pool that Tether created, which it can replace by a new pool with the same settings:
 * what heals a pool that HikariCP left unable to set up connections ({@link PoisonedIsolation}),
 * whose state sits in the pool itself where no setting reaches it. The replacement keeps the pool's
 * name and metrics tracker, so its {@code hikaricp.connections.*} meters go on under the same tags
 * (the old pool removes its own when it closes, so it is closed first). {@code unwrap} reaches the
 * current pool; a caller that keeps the unwrapped pool keeps the old one.
 * <p>
 * A Spring {@link DelegatingDataSource}, so that Boot's {@code DataSourceUnwrapper} (pool metrics,
 * the probe's own pool) sees through it as through any delegating data source; its target is
 * read from a volatile field of this class instead of Spring's, which is not meant to change under
 * concurrent readers. Thread-safe: the current pool is a volatile field, and a replacement and
 * the close exclude each other (a renewal that finds the router closed creates nothing).
 */
final class RenewableReplicaPool extends DelegatingDataSource implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RenewableReplicaPool.class);

	private volatile HikariDataSource current;

	/** Whether a renewal thread runs, so that reads finding the pool broken at once start one. */
	private final AtomicBoolean renewing = new AtomicBoolean();

	/** Guarded by {@code this}: no pool is created once the router closed this one. */
	private boolean closed;

	RenewableReplicaPool(HikariDataSource pool) {
		super(pool);
		this.current = pool;
	}

	/**
	 * Returns the pool that serves connections now.
	 * @return the current pool
	 */
	HikariDataSource current() {
		return this.current;
	}

	/**
	 * Replaces, on a thread of its own, a pool that can no longer set up connections by a new one
	 * with its settings, unless it is replaced already (several reads find it so at once) or the
	 * router is closing. Not on the read's thread: closing the old pool waits for its connection
	 * adder, about its connection timeout, and the read has moved to the primary already.
	 * @param broken the pool that failed, as {@link #current()} returned it
	 * @param started run on this thread before the replacement starts, only when this call starts
	 * it (the caller holds the replica down there)
	 * @param ended run on the replacement's thread once it ended, replaced or not, after reads may
	 * take connections again (the caller ends the hold there)
	 * @return whether this call started the replacement
	 */
	boolean renewLater(HikariDataSource broken, Runnable started, Runnable ended) {
		if (this.current != broken || this.renewing.getAndSet(true)) {
			return false;
		}
		Thread renewal = new Thread(() -> {
			try {
				renew(broken);
			}
			finally {
				this.renewing.set(false);
				ended.run();
			}
		}, "tether-renew-" + broken.getPoolName());
		renewal.setDaemon(true);
		started.run();
		renewal.start();
		return true;
	}

	/**
	 * Whether a replacement runs, during which {@link #getConnection(HikariDataSource)} fails at once.
	 * @return {@code true} while it runs
	 */
	boolean isRenewing() {
		return this.renewing.get();
	}

	/**
	 * Replaces a pool that can no longer set up connections, as {@link #renewLater}, on this thread.
	 * @param broken the pool that failed
	 * @return whether this call replaced it
	 */
	synchronized boolean renew(HikariDataSource broken) {
		if (this.closed || this.current != broken) {
			return false;
		}
		HikariConfig config = new HikariConfig();
		broken.copyStateTo(config);
		// closed first: it removes its meters, which the new pool then registers anew under the
		// same name (registered while the old ones stood, they would have kept the old pool's values)
		broken.close();
		this.current = new HikariDataSource(config);
		// Spring's own field too, so that it keeps no closed pool alive; only this class reads it
		setTargetDataSource(this.current);
		logger.info("Replaced HikariCP pool " + config.getPoolName()
				+ ", which could no longer set up connections, by a new pool with the same settings");
		return true;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		this.current.close();
	}

	@Override
	public Connection getConnection() throws SQLException {
		return getConnection(this.current);
	}

	/**
	 * Takes a connection from the given pool, which {@link #current()} returned: a read that fails
	 * then pins its failure on that pool and not on its replacement. While a replacement runs it
	 * fails at once, as a pool without a free connection in time does, instead of waiting for the
	 * closing pool: the read moves to the primary, and the replica is not marked down again.
	 * @param pool the pool to ask
	 * @return the connection
	 * @throws SQLException as the pool throws it, or while the pool is being replaced
	 */
	Connection getConnection(HikariDataSource pool) throws SQLException {
		if (this.renewing.get()) {
			throw new SQLTransientConnectionException("HikariCP pool " + pool.getPoolName()
					+ " is being replaced, as it could no longer set up connections");
		}
		return pool.getConnection();
	}

	/** The current pool: what every call that Spring's class forwards, and {@code unwrap}, reach. */
	@Override
	public DataSource getTargetDataSource() {
		return this.current;
	}

	@Override
	public String toString() {
		return "RenewableReplicaPool[" + this.current.getPoolName() + "]";
	}

}
