package dev.tether.sample;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Version;

/** A product in stock. */
@Entity
public class Product {

	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "product_seq")
	@SequenceGenerator(name = "product_seq", sequenceName = "product_seq", allocationSize = 50)
	private Long id;

	private String name;

	private String category;

	private BigDecimal price;

	private int stock;

	@Version
	private long version;

	protected Product() {
	}

	public Product(String name, String category, BigDecimal price, int stock) {
		this.name = name;
		this.category = category;
		this.price = price;
		this.stock = stock;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public String getCategory() {
		return this.category;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public int getStock() {
		return this.stock;
	}

	public long getVersion() {
		return this.version;
	}

	void addStock(int delta) {
		this.stock += delta;
	}

}
