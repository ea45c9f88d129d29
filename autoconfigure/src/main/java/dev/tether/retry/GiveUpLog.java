package dev.tether.retry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a boundary that gave up at WARN, at most once per interval per boundary: a conflict storm
 * ends thousands of calls within seconds, and one line per method says as much as thousands.
 */
final class GiveUpLog {

	private static final Log logger = LogFactory.getLog(OptimisticRetryTemplate.class);

	private final long intervalNanos;

	private final LongSupplier clock;

	private final ConcurrentHashMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

	GiveUpLog(long intervalNanos, LongSupplier clock) {
		this.intervalNanos = intervalNanos;
		this.clock = clock;
	}

	/** Logs the failure unless this boundary was logged within the interval. */
	boolean log(RetryExhaustedException failure) {
		long now = this.clock.getAsLong();
		AtomicLong last = this.lastLogged.computeIfAbsent(failure.getBoundary(), (name) -> new AtomicLong(now - this.intervalNanos));
		long previous = last.get();
		if (now - previous < this.intervalNanos || !last.compareAndSet(previous, now)) {
			return false;
		}
		logger.warn(failure.getMessage() + " (logged at most once per " + (this.intervalNanos / 1_000_000_000L)
				+ "s for this method)");
		return true;
	}

}
