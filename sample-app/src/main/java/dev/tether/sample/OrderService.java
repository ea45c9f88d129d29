package dev.tether.sample;

import java.util.NoSuchElementException;

import dev.tether.annotation.RetryOptimistic;
import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders. Concurrent orders of one product conflict on its {@code @Version}: instead of
 * failing (or, without a version, silently overselling), the whole transaction is re-run on fresh
 * data by {@code @RetryOptimistic}, with its default settings: retries of one product take turns,
 * and when Tether stops retrying, its {@code RetryExhaustedException} is answered 409 by
 * {@link OrderProblems}, as is {@link SoldOutException}.
 */
@Service
public class OrderService {

	private final EntityManager entityManager;

	OrderService(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	@RetryOptimistic
	@Transactional
	public Placed place(long productId, int quantity) {
		Product product = this.entityManager.find(Product.class, productId);
		if (product == null) {
			throw new NoSuchElementException("No product " + productId);
		}
		if (product.getStock() < quantity) {
			throw new SoldOutException(productId, quantity, product.getStock());
		}
		product.addStock(-quantity);
		CustomerOrder order = new CustomerOrder(productId, quantity);
		this.entityManager.persist(order);
		return new Placed(order.getId(), productId, product.getStock());
	}

	/** A placed order and the stock left after it. */
	public record Placed(long orderId, long productId, int stockLeft) {

	}

}
