package dev.tether.replica;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Where the probe of one node takes its connection: a one-connection HikariCP pool with the node's
 * own pool's settings when that is a HikariCP pool, else the node's data source itself.
 * <p>
 * Why not the node's pool: under load a pool can be busy for longer than the probe timeout, and a
 * probe that waited in its queue would call a healthy node DOWN and abort its work. A separate
 * connection measures the node, not the pool.
 */
final class ProbeConnections implements AutoCloseable {

	private final DataSource dataSource;

	private final HikariDataSource own;

	private ProbeConnections(DataSource dataSource, HikariDataSource own) {
		this.dataSource = dataSource;
		this.own = own;
	}

	static ProbeConnections of(DataSource node, String name, Duration timeout, Duration firstAnswer) {
		HikariDataSource pool = DataSourceUnwrapper.unwrap(node, HikariDataSource.class);
		if (pool == null) {
			return new ProbeConnections(node, null);
		}
		HikariConfig config = new HikariConfig();
		pool.copyStateTo(config);
		config.setPoolName("tether-probe-" + name);
		// the probe's pool is not the application's: no meters, no MBeans of its own
		if (config.getMetricRegistry() != null) {
			config.setMetricRegistry(null);
		}
		config.setMetricsTrackerFactory(null);
		config.setHealthCheckRegistry(null);
		config.setRegisterMbeans(false);
		config.setMaximumPoolSize(1);
		// taken on demand and kept idle between rounds: a pool that kept one idle by itself would
		// retry a dead node in the background until it is closed, and slow every shutdown
		config.setMinimumIdle(0);
		// the monitor's wait decides when the node is DOWN; these only bound the worker, and a first
		// connection on a loaded machine may take longer than a probe
		config.setConnectionTimeout(Math.max(250, firstAnswer.toMillis()));
		config.setValidationTimeout(Math.max(250, timeout.toMillis()));
		config.setInitializationFailTimeout(-1);
		config.setExceptionOverride(null);
		if (config.getTransactionIsolation() == null) {
			// a level of its own: a pool without one whose first connection breaks while HikariCP
			// reads the server's default is left setting level -1 on every later connection
			// (HikariCP issue #1944), and a probe that can never connect would hold a healthy node,
			// the primary included, DOWN for good; the probe only reads status in auto-commit, where
			// the level changes nothing, and every database Tether probes has this one
			config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
		}
		HikariDataSource own = new HikariDataSource(config);
		return new ProbeConnections(own, own);
	}

	/** Closes the probe's connection, so the next probe opens a new one and asks the node's URL anew. */
	void evict() {
		if (this.own != null && this.own.getHikariPoolMXBean() != null) {
			this.own.getHikariPoolMXBean().softEvictConnections();
		}
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	public void close() {
		if (this.own != null) {
			this.own.close();
		}
	}

}
