package dev.tether.batch;

import java.util.Map;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;

/**
 * Turns Hibernate's JDBC batching on unless the application configured it: a batch size (from
 * {@code tether.batch.size}) and ordered inserts and updates, without which statements for
 * different tables interleave and every batch holds one row.
 */
final class HibernateBatchingDefaults implements HibernatePropertiesCustomizer {

	static final String BATCH_SIZE = "hibernate.jdbc.batch_size";

	private final int batchSize;

	HibernateBatchingDefaults(int batchSize) {
		this.batchSize = batchSize;
	}

	@Override
	public void customize(Map<String, Object> properties) {
		properties.putIfAbsent(BATCH_SIZE, this.batchSize);
		properties.putIfAbsent("hibernate.order_inserts", true);
		properties.putIfAbsent("hibernate.order_updates", true);
	}

}
