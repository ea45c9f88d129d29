package dev.tether.replica;

import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * A role change of the node configured as the primary: its probe found it answering as a standby
 * (PostgreSQL {@code pg_is_in_recovery()}, MySQL/MariaDB {@code @@read_only}), after a switchover
 * or a failover moved the primary elsewhere. Not a routing bug: the primary's URL still reaches the
 * old node. The primary pool's connections are evicted, so that the connections that replace them
 * ask the URL again (a multi-host URL that checks each host's role finds the new primary; a
 * virtual IP or DNS name finds it once it moves); the change is logged once and counted. While it
 * persists nothing is logged again; once the primary answers as one again its pool is evicted once
 * more (connections opened meanwhile reached the standby) and the next change is logged again.
 * <p>
 * Written by the probe thread only (one observation per round); read by endpoints and meters.
 */
final class PrimaryRole {

	private static final Log logger = LogFactory.getLog(PrimaryRole.class);

	private final DataSource primary;

	private final AtomicLong changes = new AtomicLong();

	/** What showed the primary is a standby, {@code null} while it answers as the primary. */
	private volatile String standby;

	PrimaryRole(DataSource primary) {
		this.primary = primary;
	}

	/**
	 * Records one probe's answer.
	 * @param observed what showed the node is a standby, {@code null} when it answered as the primary
	 * @param probeConnections the probe's own connections, evicted every round while the change
	 * persists so that each probe asks the URL anew, {@code null} when the probe uses the pool
	 */
	void observe(String observed, ProbeConnections probeConnections) {
		String previous = this.standby;
		if (observed != null) {
			if (probeConnections != null) {
				probeConnections.evict();
			}
			if (previous == null) {
				this.standby = observed;
				this.changes.incrementAndGet();
				logger.warn(describe() + " answers as a standby (" + observed + "): a role change (a switchover or failover"
						+ " moved the primary), not a routing problem. " + evict() + " New connections follow the"
						+ " primary's URL: a multi-host URL that asks each host its role (pgjdbc targetServerType=primary)"
						+ " reaches the new primary; a single host name must move to it (a virtual IP, DNS, a proxy)."
						+ " Writes fail until they reach a primary.");
			}
		}
		else if (previous != null) {
			this.standby = null;
			logger.info(describe() + " answers as the primary again (it answered as a standby: " + previous + "). " + evict());
		}
	}

	/** The primary, named by its pool so that the logs of several routers (or applications) tell them apart. */
	private String describe() {
		HikariDataSource hikari = DataSourceUnwrapper.unwrap(this.primary, HikariConfigMXBean.class, HikariDataSource.class);
		return (hikari != null && hikari.getPoolName() != null) ? "Primary (pool '" + hikari.getPoolName() + "')" : "Primary";
	}

	/** Whether the primary's last probe found it answering as a standby: what it showed, else {@code null}. */
	String standby() {
		return this.standby;
	}

	/** Role changes seen since start: each time the primary turned from answering as the primary to a standby. */
	long changes() {
		return this.changes.get();
	}

	/**
	 * Soft-evicts the primary pool (idle connections close now, busy ones when returned); says what
	 * it did. Also after a timeline change: the primary moved, and the pool's connections reach the
	 * old one (dead, or a node of the old history).
	 */
	String evict() {
		HikariDataSource hikari = DataSourceUnwrapper.unwrap(this.primary, HikariConfigMXBean.class, HikariDataSource.class);
		if (hikari == null) {
			return "Its pool's connections cannot be evicted: the primary DataSource (" + this.primary.getClass().getName()
					+ ") is not a HikariCP pool; its connections to the old node fail or are replaced by the pool's own rules.";
		}
		HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
		if (pool == null) {
			return "Its pool has not started: nothing to evict.";
		}
		pool.softEvictConnections();
		return "Its pool's connections were evicted (HikariCP soft eviction: idle ones now, busy ones when returned).";
	}

}
