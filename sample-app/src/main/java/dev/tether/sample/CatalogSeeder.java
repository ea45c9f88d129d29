package dev.tether.sample;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Seeds a small catalog on first start. */
@Component
class CatalogSeeder implements ApplicationRunner {

	private static final String[] CATEGORIES = { "books", "games", "tools" };

	private final ProductRepository products;

	CatalogSeeder(ProductRepository products) {
		this.products = products;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		if (this.products.count() > 0) {
			return;
		}
		List<Product> seed = new ArrayList<>();
		for (int i = 1; i <= 300; i++) {
			seed.add(new Product("Product " + i, CATEGORIES[i % CATEGORIES.length], BigDecimal.valueOf(i, 1), 100));
		}
		this.products.saveAll(seed);
	}

}
