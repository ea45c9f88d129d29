package dev.tether.retry.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tether.annotation.ForceMaster;
import dev.tether.annotation.RetryOptimistic;
import dev.tether.routing.RoutingContextHolder;
import jakarta.persistence.EntityManager;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/** Services with @RetryOptimistic, run against the real primary and replica. */
@SpringBootApplication
public class RetryTestApplication {

	/** Meters as an application with Micrometer has them, without Actuator. */
	@org.springframework.context.annotation.Bean
	io.micrometer.core.instrument.simple.SimpleMeterRegistry meterRegistry() {
		return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
	}

	@Service
	public static class Orders {

		private final EntityManager entityManager;

		private final AtomicInteger attempts = new AtomicInteger();

		Orders(EntityManager entityManager) {
			this.entityManager = entityManager;
		}

		/** The user application: 50 attempts, every other setting the default. */
		@RetryOptimistic(maxAttempts = 50)
		@Transactional
		public void placeOnHotRow(long stockId) {
			place(stockId);
		}

		/**
		 * Two JVMs on one row (RetryAcrossProcessesTests): the default timeout of 10 s is raised to
		 * 60 s because that test runs two JVMs with 16 threads each and the databases on a shared
		 * 2-core machine, where a call's wait behind 15 others and the other process has been seen to
		 * pass 10 s under load; what it checks is that no order is lost or placed twice across
		 * processes, not the latency.
		 */
		@RetryOptimistic(maxAttempts = 50, timeout = "60s")
		@Transactional
		public void placeAcrossProcesses(long stockId) {
			place(stockId);
		}

		@RetryOptimistic
		@Transactional
		public void place(long stockId) {
			this.attempts.incrementAndGet();
			Stock stock = this.entityManager.find(Stock.class, stockId);
			if (stock.quantity <= 0) {
				throw new IllegalStateException("sold out");
			}
			stock.quantity--;
			this.entityManager.persist(new PlacedOrder(stockId));
		}

	}

	/**
	 * One inherited method, two beans whose classes carry their own settings: the method object is
	 * the same for both, the annotation that applies is not.
	 */
	public abstract static class CountingPricing {

		private final AtomicInteger attempts = new AtomicInteger();

		public int conflictAlways() {
			this.attempts.incrementAndGet();
			throw new OptimisticLockingFailureException("conflict");
		}

		public int attempts() {
			return this.attempts.getAndSet(0);
		}

	}

	@Service
	@RetryOptimistic(maxAttempts = 2, delay = "0ms")
	public static class TwoAttemptPricing extends CountingPricing {

	}

	@Service
	@RetryOptimistic(maxAttempts = 4, delay = "0ms")
	public static class FourAttemptPricing extends CountingPricing {

	}

	/** What one attempt saw: a new Spring transaction, the @ForceMaster scope, the node, the database transaction's start. */
	public record Attempt(Object transactionStatus, boolean newTransaction, boolean forceMaster, boolean onReplica,
			String transactionStart) {

		public static Attempt observe(JdbcTemplate jdbc) {
			TransactionStatus status = TransactionAspectSupport.currentTransactionStatus();
			return jdbc.queryForObject("select pg_is_in_recovery(), now()::text",
					(rs, i) -> new Attempt(status, status.isNewTransaction(),
							RoutingContextHolder.current().isForceMaster(), rs.getBoolean(1), rs.getString(2)));
		}

	}

	/** All three annotations on one method: retry outside, then @ForceMaster, then the transaction. */
	@Service
	public static class Ordering {

		private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

		public List<Attempt> attempts() {
			return this.attempts;
		}

		private final JdbcTemplate jdbc;

		Ordering(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@RetryOptimistic(maxAttempts = 3, delay = "0ms")
		@ForceMaster
		@Transactional(readOnly = true)
		public void allThree() {
			this.attempts.add(Attempt.observe(this.jdbc));
			if (this.attempts.size() < 3) {
				throw new OptimisticLockingFailureException("conflict " + this.attempts.size());
			}
		}

	}

	@Service
	@Transactional
	public static class ClassLevelTransaction {

		private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

		public List<Attempt> attempts() {
			return this.attempts;
		}

		private final JdbcTemplate jdbc;

		ClassLevelTransaction(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@RetryOptimistic(maxAttempts = 3, delay = "0ms")
		public void conflictTwice() {
			this.attempts.add(Attempt.observe(this.jdbc));
			if (this.attempts.size() < 3) {
				throw new OptimisticLockingFailureException("conflict");
			}
		}

	}

	@Service
	public static class Nested {

		private final Inner inner;

		private final AtomicInteger outerAttempts = new AtomicInteger();

		public AtomicInteger outerAttempts() {
			return this.outerAttempts;
		}

		Nested(Inner inner) {
			this.inner = inner;
		}

		@RetryOptimistic(maxAttempts = 5, delay = "0ms")
		@Transactional
		public void outer() {
			this.outerAttempts.incrementAndGet();
			this.inner.conflictOnce();
		}

		@Transactional
		public void plainTransactionCallingRetry() {
			this.inner.conflictOnce();
		}

	}

	@Service
	public static class Inner {

		private final AtomicInteger attempts = new AtomicInteger();

		public AtomicInteger attempts() {
			return this.attempts;
		}

		@RetryOptimistic(maxAttempts = 5, delay = "0ms")
		@Transactional
		public void conflictOnce() {
			if (this.attempts.incrementAndGet() == 1) {
				throw new OptimisticLockingFailureException("first call conflicts");
			}
		}

	}

	@Service
	public static class Conflicts {

		private final JdbcTemplate jdbc;

		private final EntityManager entityManager;

		private final AtomicInteger attempts = new AtomicInteger();

		private final List<Long> versionsSeen = new CopyOnWriteArrayList<>();

		public AtomicInteger attempts() {
			return this.attempts;
		}

		public List<Long> versionsSeen() {
			return this.versionsSeen;
		}

		Conflicts(JdbcTemplate jdbc, EntityManager entityManager) {
			this.jdbc = jdbc;
			this.entityManager = entityManager;
		}

		/** Locks two rows in the given order; the first attempt waits at the barrier in between. */
		@RetryOptimistic(maxAttempts = 5, delay = "10ms")
		@Transactional
		public void lockBoth(long first, long second, java.util.concurrent.CyclicBarrier barrier,
				java.util.concurrent.atomic.AtomicBoolean firstAttempt) throws Exception {
			this.attempts.incrementAndGet();
			this.jdbc.update("update retry_stock set label = label where id = ?", first);
			if (firstAttempt.getAndSet(false)) {
				barrier.await(30, java.util.concurrent.TimeUnit.SECONDS);
			}
			this.jdbc.update("update retry_stock set label = label where id = ?", second);
		}

		@RetryOptimistic(maxAttempts = 5, delay = "10ms")
		@Transactional
		public void updateWithLockTimeout(long id) {
			this.attempts.incrementAndGet();
			this.jdbc.execute("set local lock_timeout = '200ms'");
			this.jdbc.update("update retry_stock set label = 'timed' where id = ?", id);
		}

		/** The first attempt lets another transaction change the row between read and write. */
		@RetryOptimistic(maxAttempts = 3, delay = "0ms")
		@Transactional
		public void renameWithInterference(long id, Runnable interference) {
			Stock stock = this.entityManager.find(Stock.class, id);
			this.versionsSeen.add(stock.version);
			if (this.versionsSeen.size() == 1) {
				interference.run();
			}
			stock.label = "renamed";
		}

		/**
		 * Reads the row with JPA, runs the hook (where a test plays another process), renames the row.
		 * Default settings.
		 */
		@RetryOptimistic
		@Transactional
		public void renameAfter(long id, Runnable betweenReadAndWrite) {
			Stock stock = this.entityManager.find(Stock.class, id);
			betweenReadAndWrite.run();
			stock.label = "renamed";
		}

		/** As {@link #renameAfter}, with JDBC and {@code VersionedUpdate}. Default settings. */
		@RetryOptimistic
		@Transactional
		public void relabelAfter(long id, Runnable betweenReadAndWrite) {
			long version = this.jdbc.queryForObject("select version from retry_stock where id = ?", Long.class, id);
			betweenReadAndWrite.run();
			dev.tether.retry.VersionedUpdate.of(this.jdbc, "retry_stock")
				.set("label", "relabelled")
				.where("id", id)
				.ifVersion(version)
				.execute();
		}

		/** Every attempt conflicts with itself: retrying cannot converge. Default settings. */
		@RetryOptimistic
		@Transactional
		public void alwaysConflictingWithDefaults(long id) {
			this.attempts.incrementAndGet();
			alwaysConflicting(id);
		}

		@RetryOptimistic(maxAttempts = 3, delay = "0ms")
		@Transactional
		public void alwaysConflicting(long id) {
			Stock stock = this.entityManager.find(Stock.class, id);
			this.jdbc.update("update retry_stock set version = version + 1 where id = ?", id);
			stock.label = "never";
		}

	}

}
