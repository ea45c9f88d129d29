package dev.tether.retry.commit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tether.annotation.RetryOptimistic;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.DataAccessException;
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
			try {
				this.jdbc.queryForObject("select 1 / 0", Integer.class);
			}
			catch (DataAccessException ex) {
				// swallowed, as applications sometimes do
			}
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

}
