package dev.tether.retry.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A product's stock, optimistically locked. */
@Entity
@Table(name = "retry_stock")
public class Stock {

	@Id
	Long id;

	int quantity;

	String label;

	@Version
	long version;

	Stock() {
	}

	Stock(long id, int quantity) {
		this.id = id;
		this.quantity = quantity;
		this.label = "stock " + id;
	}

}
