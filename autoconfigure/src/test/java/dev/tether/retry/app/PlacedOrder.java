package dev.tether.retry.app;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** An order that took one unit of stock; never updated, so it carries no version. */
@Entity
@Table(name = "retry_order")
@org.hibernate.annotations.Immutable
class PlacedOrder {

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "retry_order_seq")
	@SequenceGenerator(name = "retry_order_seq", sequenceName = "retry_order_seq", allocationSize = 100)
	Long id;

	long stockId;

	PlacedOrder() {
	}

	PlacedOrder(long stockId) {
		this.stockId = stockId;
	}

}
