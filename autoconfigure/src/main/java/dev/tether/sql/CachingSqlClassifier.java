package dev.tether.sql;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SqlClassifier} that remembers the {@link SqlClassification} of the statements it has seen
 * (their kind, and whether they are unbounded {@code UPDATE}s or {@code DELETE}s) in a bounded
 * {@link ConcurrentHashMap}: one lookup answers both questions. The values are the shared instances
 * of {@link SqlClassification}, so an entry costs no object of its own and a hit allocates nothing.
 * <p>
 * When the cache is full it stops inserting: later statements are classified by the delegate every
 * time. Applications send a small, fixed set of ORM-generated statements, which fill the cache first;
 * an unusual statement costs one uncached classification, about a microsecond. Statements longer than
 * {@value #MAX_CACHED_LENGTH} characters are never cached, so the cache's memory stays bounded too.
 */
final class CachingSqlClassifier implements SqlClassifier {

	// Not Caffeine: classification is already ~1 µs, a perfect LRU buys nothing and would add a runtime dependency to every user's app.

	/** Longest SQL kept in the cache: huge statements would pin a lot of memory for little gain. */
	static final int MAX_CACHED_LENGTH = 8192;

	private final SqlClassifier delegate;

	private final int maxEntries;

	private final ConcurrentHashMap<String, SqlClassification> cache;

	/** Slots taken: reserved before each insert, so the map never holds more than maxEntries. */
	private final AtomicInteger reserved = new AtomicInteger();

	/**
	 * Creates a cache in front of {@code delegate}.
	 * @param delegate the classifier of statements not cached yet
	 * @param maxEntries the greatest number of cached statements, positive
	 */
	CachingSqlClassifier(SqlClassifier delegate, int maxEntries) {
		this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
		if (maxEntries <= 0) {
			throw new IllegalArgumentException("maxEntries must be greater than 0, but was " + maxEntries);
		}
		this.maxEntries = maxEntries;
		this.cache = new ConcurrentHashMap<>(Math.min(maxEntries, 1024));
	}

	@Override
	public SqlKind classify(String sql) {
		return classification(sql).kind();
	}

	@Override
	public boolean isUnboundedDml(String sql) {
		return classification(sql).isUnboundedDml();
	}

	@Override
	public SqlClassification classification(String sql) {
		if (sql == null || sql.length() > MAX_CACHED_LENGTH) {
			return this.delegate.classification(sql);
		}
		SqlClassification classification = this.cache.get(sql);
		if (classification != null) {
			return classification;
		}
		classification = this.delegate.classification(sql);
		if (this.reserved.get() < this.maxEntries) {
			if (this.reserved.incrementAndGet() <= this.maxEntries) {
				if (this.cache.putIfAbsent(sql, classification) != null) {
					this.reserved.decrementAndGet(); // another thread cached it first
				}
			}
			else {
				this.reserved.decrementAndGet(); // lost the race for the last slot
			}
		}
		return classification;
	}

	/**
	 * The number of cached statements.
	 * @return the size of the cache, at most {@code maxEntries}
	 */
	int size() {
		return this.cache.size();
	}

	@Override
	public String toString() {
		return "CachingSqlClassifier[" + this.delegate + ", " + size() + "/" + this.maxEntries + " entries]";
	}

}
