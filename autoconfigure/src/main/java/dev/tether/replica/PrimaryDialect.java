package dev.tether.replica;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

import dev.tether.sql.SqlDialect;

/**
 * The SQL dialect of a router's primary, detected once from its JDBC metadata (or given to the
 * builder, for drivers and proxies that report another product name) and shared by everything
 * that depends on it: the statement classifier and the replication probe. Thread-safe: the
 * router's first connection and the replica monitor's first probe round may race to detect it.
 */
public final class PrimaryDialect {

	private final SqlDialect configured;

	private volatile Detected detected;

	/**
	 * Creates the dialect of a primary.
	 * @param configured the dialect given by hand, or {@code null} to detect it
	 */
	/**
	 * A lock, not a monitor: the detection reads metadata, and a virtual thread must not pin its
	 * carrier for that on Java 21 (monitors stopped pinning only in Java 24).
	 */
	private final ReentrantLock detection = new ReentrantLock();

	public PrimaryDialect(SqlDialect configured) {
		this.configured = configured;
	}

	/**
	 * Returns the dialect, detecting it from the given primary connection the first time.
	 * @param primary a connection to the primary
	 * @return what was detected
	 * @throws SQLException when the metadata cannot be read
	 */
	public Detected resolve(Connection primary) throws SQLException {
		Detected current = this.detected;
		if (current == null) {
			this.detection.lock();
			try {
				current = this.detected;
				if (current == null) {
					current = detect(primary.getMetaData());
					this.detected = current;
				}
			}
			finally {
				this.detection.unlock();
			}
		}
		return current;
	}

	/**
	 * Returns the dialect if it was detected (or configured) already.
	 * @return what was detected, {@code null} before the first {@link #resolve(Connection)}
	 */
	public Detected current() {
		return this.detected;
	}

	private Detected detect(DatabaseMetaData metaData) throws SQLException {
		String product = (metaData != null) ? metaData.getDatabaseProductName() : null;
		SqlDialect dialect = (this.configured != null) ? this.configured : SqlDialect.fromProductName(product);
		boolean mariaDb = dialect == SqlDialect.MYSQL && metaData != null && MySqlReplicationProbe.isMariaDb(metaData);
		return new Detected(dialect, mariaDb, product);
	}

	/**
	 * The dialect of a primary.
	 *
	 * @param dialect the dialect, {@code null} for a database Tether has no rules for
	 * @param mariaDb whether the MySQL dialect is spoken by MariaDB, whose replication differs
	 * @param productName the product name the driver reported, for logs
	 */
	public record Detected(SqlDialect dialect, boolean mariaDb, String productName) {

	}

}
