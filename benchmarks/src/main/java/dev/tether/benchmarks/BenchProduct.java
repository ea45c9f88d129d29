package dev.tether.benchmarks;

import java.math.BigDecimal;
import java.math.RoundingMode;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code bench_product} for the {@code saveAll} variant of {@link BulkUpdateHarness}. The
 * {@code stock} column the latency loop updates is deliberately not mapped: Hibernate's update
 * writes every mapped column, and would otherwise write the loop's changes back stale.
 */
@Entity
@Table(name = "bench_product")
public class BenchProduct {

	@Id
	private Long id;

	private String category;

	private BigDecimal price;

	protected BenchProduct() {
	}

	/** The same change as {@code price = round(price * factor, 2)} in SQL (prices are positive). */
	void reprice(BigDecimal factor) {
		this.price = this.price.multiply(factor).setScale(2, RoundingMode.HALF_UP);
	}

}
