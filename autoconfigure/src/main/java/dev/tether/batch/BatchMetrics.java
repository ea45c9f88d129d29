package dev.tether.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of bulk updates: {@code tether.batch.rows}, {@code tether.batch.chunks}, {@code tether.batch.pauses}. */
final class BatchMetrics implements BulkUpdateListener {

	private final Counter rows;

	private final Counter chunks;

	private final Counter pauses;

	BatchMetrics(MeterRegistry registry) {
		this.rows = Counter.builder("tether.batch.rows").description("Rows changed by bulk updates").register(registry);
		this.chunks = Counter.builder("tether.batch.chunks")
			.description("Chunks committed by bulk updates, each its own transaction")
			.register(registry);
		this.pauses = Counter.builder("tether.batch.pauses")
			.description("Pauses of bulk updates while a replica lagged too far behind")
			.register(registry);
	}

	@Override
	public void onChunk(String table, long rows, long nanos) {
		this.rows.increment(rows);
		this.chunks.increment();
	}

	@Override
	public void onPause(String table) {
		this.pauses.increment();
	}

}
