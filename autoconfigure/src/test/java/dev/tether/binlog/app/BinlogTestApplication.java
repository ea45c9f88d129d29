package dev.tether.binlog.app;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.tether.annotation.ForceMaster;
import dev.tether.annotation.RetryOptimistic;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * JdbcTemplate services on a MySQL 8 or MariaDB primary and replica (one application for both: the
 * contexts differ by their properties only), with Spring's
 * {@link DataSourceTransactionManager}. In a package of its own: component scanning from a library
 * package would pick up the nested configurations of its auto-configurations.
 */
@SpringBootApplication
public class BinlogTestApplication {

	/** JDBC transactions, even with JPA on the test class path. */
	@Bean
	DataSourceTransactionManager transactionManager(DataSource dataSource) {
		return new DataSourceTransactionManager(dataSource);
	}

	/** Which node answered, asked of the database: its server id, read-only flag and connection. */
	public record Node(int serverId, boolean readOnly, long connectionId) {

		static Node of(JdbcTemplate jdbc) {
			return jdbc.queryForObject("SELECT @@server_id, @@read_only, CONNECTION_ID()",
					(rs, i) -> new Node(rs.getInt(1), rs.getBoolean(2), rs.getLong(3)));
		}

		public boolean replica() {
			return this.readOnly;
		}

	}

	@Service
	public static class Nodes {

		private final JdbcTemplate jdbc;

		Nodes(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public Node readOnly() {
			return Node.of(this.jdbc);
		}

		@Transactional
		public Node readWrite() {
			return Node.of(this.jdbc);
		}

		@ForceMaster
		@Transactional(readOnly = true)
		public Node forced() {
			return Node.of(this.jdbc);
		}

		@Transactional(readOnly = true)
		public java.util.List<Node> manyStatements(int count) {
			java.util.List<Node> nodes = new java.util.ArrayList<>();
			for (int i = 0; i < count; i++) {
				nodes.add(Node.of(this.jdbc));
			}
			return nodes;
		}

		/** Runs any query in a read-only transaction on the primary. */
		@ForceMaster
		@Transactional(readOnly = true)
		public String forcedInReadOnly(String sql) {
			return this.jdbc.queryForObject(sql, String.class);
		}

		/** Runs any query in a read-only transaction. */
		@Transactional(readOnly = true)
		public String inReadOnly(String sql) {
			return this.jdbc.queryForObject(sql, String.class);
		}

		/** Reads (pinning the transaction to its node), then runs {@code sql} there. */
		@Transactional(readOnly = true)
		public String readThenRun(String sql, java.util.List<Node> firstRead) {
			firstRead.add(Node.of(this.jdbc));
			return this.jdbc.queryForObject(sql, String.class);
		}

		@Transactional(readOnly = true)
		public int updateInReadOnly(String sql) {
			return this.jdbc.update(sql);
		}

	}

	@Service
	public static class Counters {

		private final JdbcTemplate jdbc;

		Counters(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		/** Read-modify-write under FOR UPDATE: the second reader waits for the first to commit. */
		@Transactional
		public void incrementLocked(long id) {
			long n = this.jdbc.queryForObject("SELECT n FROM binlog_counter WHERE id = ? FOR UPDATE", Long.class, id);
			this.jdbc.update("UPDATE binlog_counter SET n = ? WHERE id = ?", n + 1, id);
		}

		/** Read-modify-write without a lock; both callers read before either writes. */
		@Transactional
		public void incrementUnlocked(long id, CyclicBarrier bothRead) throws Exception {
			long n = this.jdbc.queryForObject("SELECT n FROM binlog_counter WHERE id = ?", Long.class, id);
			bothRead.await(10, TimeUnit.SECONDS);
			this.jdbc.update("UPDATE binlog_counter SET n = ? WHERE id = ?", n + 1, id);
		}

		/** Holds the row lock until {@code release} is called. */
		@Transactional
		public void holdLock(long id, Runnable locked, java.util.concurrent.CountDownLatch release) throws Exception {
			this.jdbc.queryForObject("SELECT n FROM binlog_counter WHERE id = ? FOR UPDATE", Long.class, id);
			locked.run();
			release.await(30, TimeUnit.SECONDS);
		}

	}

	@Service
	public static class Conflicts {

		private final JdbcTemplate jdbc;

		private final AtomicInteger attempts = new AtomicInteger();

		Conflicts(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public AtomicInteger attempts() {
			return this.attempts;
		}

		/**
		 * Reads the row's version, runs the hook (where a test plays another process), then writes
		 * with {@code VersionedUpdate}. Default settings.
		 */
		@RetryOptimistic
		@Transactional
		public void relabelAfter(long id, Runnable betweenReadAndWrite) {
			long version = this.jdbc.queryForObject("SELECT version FROM binlog_versioned WHERE id = ?", Long.class, id);
			betweenReadAndWrite.run();
			dev.tether.retry.VersionedUpdate.of(this.jdbc, "binlog_versioned")
				.set("label", "relabelled")
				.where("id", id)
				.ifVersion(version)
				.execute();
		}

		/** Locks two rows in the given order; the first attempt waits at the barrier in between. */
		@RetryOptimistic(maxAttempts = 5, delay = "10ms")
		@Transactional
		public void lockBoth(long first, long second, CyclicBarrier barrier, AtomicInteger firstAttempts)
				throws Exception {
			this.attempts.incrementAndGet();
			this.jdbc.update("UPDATE binlog_counter SET n = n + 1 WHERE id = ?", first);
			if (firstAttempts.getAndIncrement() == 0) {
				barrier.await(10, TimeUnit.SECONDS);
			}
			this.jdbc.update("UPDATE binlog_counter SET n = n + 1 WHERE id = ?", second);
		}

		/**
		 * Waits at most one second for a row lock, then gives up with 1205. MySQL has no
		 * per-statement form for this (innodb_lock_wait_timeout is no SET_VAR hint, and MariaDB's
		 * SET STATEMENT is MariaDB's only), so the session's value is set and put back, on both: the
		 * connection returns to the pool with the default.
		 */
		@RetryOptimistic(maxAttempts = 5, delay = "10ms")
		@Transactional
		public void updateWithOneSecondLockWait(long id) {
			this.attempts.incrementAndGet();
			this.jdbc.execute("SET SESSION innodb_lock_wait_timeout = 1");
			try {
				this.jdbc.update("UPDATE binlog_counter SET n = n + 1 WHERE id = ?", id);
			}
			finally {
				// a lock-wait timeout rolls back the statement only: the transaction can still run this
				this.jdbc.execute("SET SESSION innodb_lock_wait_timeout = DEFAULT");
			}
		}

	}

}
