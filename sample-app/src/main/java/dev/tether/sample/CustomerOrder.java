package dev.tether.sample;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A placed order; written once, never updated. */
@Entity
@Table(name = "customer_order")
@org.hibernate.annotations.Immutable
public class CustomerOrder {

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "customer_order_seq")
	@SequenceGenerator(name = "customer_order_seq", sequenceName = "customer_order_seq", allocationSize = 50)
	private Long id;

	private long productId;

	private int quantity;

	private Instant placedAt = Instant.now();

	protected CustomerOrder() {
	}

	CustomerOrder(long productId, int quantity) {
		this.productId = productId;
		this.quantity = quantity;
	}

	public Long getId() {
		return this.id;
	}

	public long getProductId() {
		return this.productId;
	}

	public int getQuantity() {
		return this.quantity;
	}

	public Instant getPlacedAt() {
		return this.placedAt;
	}

}
