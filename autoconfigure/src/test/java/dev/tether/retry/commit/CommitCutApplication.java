package dev.tether.retry.commit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tether.annotation.RetryOptimistic;
import dev.tether.retry.VersionedUpdate;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An order desk whose orders must be placed exactly once, whatever happens to COMMIT's answer. */
@SpringBootApplication
public class CommitCutApplication {

	@Service
	public static class OrderDesk {

		private final EntityManager entityManager;

		private final Map<String, Integer> runs = new ConcurrentHashMap<>();

		private final Map<String, int[]> batchCounts = new ConcurrentHashMap<>();

		private final JdbcTemplate jdbc;

		OrderDesk(EntityManager entityManager, JdbcTemplate jdbc) {
			this.entityManager = entityManager;
			this.jdbc = jdbc;
		}

		/** Places an order, then a statement fails and is caught: PostgreSQL aborted the transaction. */
		@RetryOptimistic
		@Transactional
		public long placeThenCatchAFailure(String request) {
			this.runs.merge(request, 1, Integer::sum);
			this.jdbc.update("insert into cut_order (request) values (?)", request);
			failAndSwallow();
			return 0;
		}

		/** Places an order (not idempotent: two runs are two orders) and returns its id. */
		@RetryOptimistic
		@Transactional
		public long place(String request) {
			this.runs.merge(request, 1, Integer::sum);
			CutOrder order = new CutOrder(request);
			this.entityManager.persist(order);
			return order.id;
		}

		/**
		 * Places an order and takes one unit of stock with a {@link VersionedUpdate}, whose answer
		 * carries the transaction's id: the commit asks for nothing before {@code COMMIT}.
		 */
		@RetryOptimistic
		@Transactional
		public long placeVersioned(String request) {
			return placeTakingStock(request, 1);
		}

		/**
		 * The first run takes stock with a {@link VersionedUpdate} (whose answer carries that
		 * transaction's id) and then meets a conflict, so it rolls back; the second places the order
		 * with plain statements only: its commit must be settled with its own transaction's id.
		 */
		@RetryOptimistic
		@Transactional
		public long versionedConflictThenPlain(String request) {
			int run = this.runs.merge(request, 1, Integer::sum);
			if (run == 1) {
				takeStock();
				throw new OptimisticLockingFailureException("a conflict, forced, after a versioned update");
			}
			return insertOrder(request);
		}

		/** Takes stock at a version read before (the update is the transaction's first statement). */
		@RetryOptimistic
		@Transactional
		public long takeStockFirst(String request, long sold, long version) {
			this.runs.merge(request, 1, Integer::sum);
			VersionedUpdate.of(this.jdbc, "cut_stock").set("sold", sold + 1).where("id", 1).ifVersion(version).execute();
			return insertOrder(request);
		}

		/**
		 * Takes one unit of stock through Hibernate (its {@code UPDATE ... WHERE id=?}, written at the
		 * flush before the commit) and places an order (an {@code INSERT ... RETURNING id} of its
		 * own): Tether appends the id's {@code RETURNING} to the update.
		 */
		@RetryOptimistic
		@Transactional
		public long takeStockWithHibernate(String request) {
			this.runs.merge(request, 1, Integer::sum);
			CutStock stock = this.entityManager.find(CutStock.class, 1L);
			stock.sold++;
			stock.version++;
			CutOrder order = new CutOrder(request);
			this.entityManager.persist(order);
			return order.id;
		}

		/** As {@link #takeStockWithHibernate}, with a plain {@code JdbcTemplate} update by key. */
		@RetryOptimistic
		@Transactional
		public long takeStockWithJdbc(String request) {
			return writeThenOrder(request, "update cut_stock set sold = sold + 1 where id = ?", 1);
		}

		/** The same outside any retry boundary (a caller may enter the settling itself). */
		@Transactional
		public long takeStockWithJdbcWithoutRetry(String request) {
			return writeThenOrder(request, "update cut_stock set sold = sold + 1 where id = ?", 1);
		}

		/**
		 * As {@link #placeVersioned}, taking stock twice: the first update returns the transaction's
		 * id, the second runs without the clause.
		 */
		@RetryOptimistic
		@Transactional
		public long placeVersionedTwice(String request) {
			return placeTakingStock(request, 2);
		}

		/** As {@link #placeVersioned}, outside any retry boundary (a caller may enter the settling itself). */
		@Transactional
		public long placeVersionedWithoutRetry(String request) {
			return placeTakingStock(request, 1);
		}

		/** Takes stock in a JDBC batch of two updates by key; the batch's counts are kept. */
		@RetryOptimistic
		@Transactional
		public long takeStockInABatch(String request) {
			this.runs.merge(request, 1, Integer::sum);
			int[] counts = this.jdbc.batchUpdate("update cut_stock set sold = sold + ? where id = ?",
					List.of(new Object[] { 1, 1 }, new Object[] { 0, 1 }));
			this.batchCounts.put(request, counts);
			return insertOrder(request);
		}

		/** An update that could change many rows (not by key), then an order. */
		@RetryOptimistic
		@Transactional
		public long touchEveryStock(String request) {
			return writeThenOrder(request, "update cut_stock set sold = sold where sold >= ?", 0);
		}

		/** An update by key of a table with a {@code DO INSTEAD} rule, which refuses {@code RETURNING}. */
		@RetryOptimistic
		@Transactional
		public long updateRuledTable(String request) {
			return writeThenOrder(request, "update cut_ruled set v = v + 1 where id = ?", 1);
		}

		/** A {@code JdbcTemplate} update by key of a table that may gain a rule, then an order. */
		@RetryOptimistic
		@Transactional
		public long updateLateRuledTable(String request) {
			return writeThenOrder(request, "update cut_late_ruled set v = v + 1 where id = ?", 1);
		}

		/**
		 * A {@link VersionedUpdate} as the transaction's first statement, of a table with a
		 * {@code DO INSTEAD} rule, then an order.
		 */
		@RetryOptimistic
		@Transactional
		public long updateRuledTableVersioned(String request, long version) {
			this.runs.merge(request, 1, Integer::sum);
			VersionedUpdate.of(this.jdbc, "cut_ruled_versioned").set("v", 1).where("id", 1).ifVersion(version).execute();
			return insertOrder(request);
		}

		/** Takes stock with a {@link VersionedUpdate}, then a statement fails and is caught. */
		@RetryOptimistic
		@Transactional
		public long takeStockThenCatchAFailure(String request) {
			this.runs.merge(request, 1, Integer::sum);
			takeStock();
			failAndSwallow();
			return 0;
		}

		/** Places an order through Hibernate, then a statement fails and is caught. */
		@RetryOptimistic
		@Transactional
		public long placeWithHibernateThenCatchAFailure(String request) {
			this.runs.merge(request, 1, Integer::sum);
			this.entityManager.persist(new CutOrder(request));
			this.entityManager.flush();
			failAndSwallow();
			return 0;
		}

		public int[] batchCounts(String request) {
			return this.batchCounts.get(request);
		}

		/** A statement fails and the error is caught, as applications sometimes do: PostgreSQL aborted the transaction. */
		private void failAndSwallow() {
			try {
				this.jdbc.queryForObject("select 1 / 0", Integer.class);
			}
			catch (DataAccessException ex) {
				// swallowed
			}
		}

		/** Counts a run, runs one write, then places an order. */
		private long writeThenOrder(String request, String sql, Object... arguments) {
			this.runs.merge(request, 1, Integer::sum);
			this.jdbc.update(sql, arguments);
			return insertOrder(request);
		}

		private long insertOrder(String request) {
			return this.jdbc.queryForObject("insert into cut_order (request) values (?) returning id", Long.class,
					request);
		}

		/** Counts a run, places an order, then takes stock the given number of times. */
		private long placeTakingStock(String request, int times) {
			this.runs.merge(request, 1, Integer::sum);
			long id = insertOrder(request);
			for (int i = 0; i < times; i++) {
				takeStock();
			}
			return id;
		}

		private void takeStock() {
			long[] row = this.jdbc.queryForObject("select sold, version from cut_stock where id = 1",
					(rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) });
			VersionedUpdate.of(this.jdbc, "cut_stock").set("sold", row[0] + 1).where("id", 1).ifVersion(row[1]).execute();
		}

		/** The same, outside any retry boundary. */
		@Transactional
		public long placeWithoutRetry(String request) {
			this.runs.merge(request, 1, Integer::sum);
			CutOrder order = new CutOrder(request);
			this.entityManager.persist(order);
			return order.id;
		}

		/** Only reads, inside a retry boundary. */
		@RetryOptimistic
		@Transactional
		public long count(String request) {
			return this.entityManager.createQuery("select count(o) from CutOrder o where o.request = :request", Long.class)
				.setParameter("request", request)
				.getSingleResult();
		}

		public int runs(String request) {
			return this.runs.getOrDefault(request, 0);
		}

	}

	/** One order; no unique key on the request, so a duplicate would show. */
	@Entity(name = "CutOrder")
	@Table(name = "cut_order")
	public static class CutOrder {

		@Id
		@GeneratedValue(strategy = GenerationType.IDENTITY)
		Long id;

		String request;

		CutOrder() {
		}

		CutOrder(String request) {
			this.request = request;
		}

	}

	/** Stock taken with a {@link VersionedUpdate}: the row's {@code version} column is its own. */
	@Entity(name = "CutStock")
	@Table(name = "cut_stock")
	public static class CutStock {

		@Id
		Long id;

		long sold;

		long version;

	}

}
