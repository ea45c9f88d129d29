package dev.tether.sample;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Seeds the catalog on first start: 100,000 products, in JDBC batches of 1,000 rows, so the bulk
 * repricing endpoint has something to chew on. Each has a stock of 100, except product 5, the
 * README demo's flash sale, with 10,000.
 */
@Component
class CatalogSeeder implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(CatalogSeeder.class);

	static final String[] CATEGORIES = { "books", "games", "tools" };

	static final int PRODUCTS = 100_000;

	private static final int BATCH = 1000;

	/** The flash-sale product of the README's demo: 400 concurrent orders must not sell it out. */
	static final long DEMO_PRODUCT = 5;

	static final int DEMO_STOCK = 10_000;

	static final int STOCK = 100;

	private final JdbcTemplate jdbc;

	CatalogSeeder(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void run(ApplicationArguments args) {
		Integer existing;
		try (var primary = dev.tether.routing.RoutingContextHolder.forceMaster()) {
			existing = this.jdbc.queryForObject("select count(*) from product", Integer.class);
		}
		if (existing != null && existing > 0) {
			return;
		}
		long started = System.nanoTime();
		for (int from = 1; from <= PRODUCTS; from += BATCH) {
			List<Object[]> rows = new ArrayList<>(BATCH);
			for (int i = from; i < from + BATCH && i <= PRODUCTS; i++) {
				rows.add(new Object[] { i, "Product " + i, CATEGORIES[i % CATEGORIES.length], BigDecimal.valueOf(i % 1000 + 1, 1),
						(i == DEMO_PRODUCT) ? DEMO_STOCK : STOCK });
			}
			this.jdbc.batchUpdate("insert into product (id, name, category, price, stock, version) values (?, ?, ?, ?, ?, 0)",
					rows);
		}
		this.jdbc.execute("select setval('product_seq', " + (PRODUCTS + 100) + ")");
		logger.info("Seeded " + PRODUCTS + " products in " + (System.nanoTime() - started) / 1_000_000 + " ms");
	}

}
