package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The PostgreSQL backend (its pid) and the server's start time behind each physical primary
 * connection, as the first statement that settles commits on it read them ({@link CommitSettling}):
 * later statements on the connection then ask only for their transaction's id. Over 1,000 rows at
 * 32 threads on two shared cores, the server formatting {@code pg_postmaster_start_time()} and
 * the backend's pid into every versioned update took about 7 µs of its CPU per order.
 * <p>
 * Why caching is sound: both values are fixed for a connection's life, since a restarted server
 * or a failover breaks the connection (and the pool replaces it, with a new key). Behind a pooler
 * in transaction mode (PgBouncer) a client connection can reach other backends or, after a
 * failover, another server than the one that answered first; then a remembered pid only makes the
 * settling's termination of a stuck backend miss (the pooler ends that backend's transaction when
 * the client's connection breaks), and a remembered start time that differs from the answering
 * server's makes the outcome unknown, never wrongly settled.
 * <p>
 * Keys are the driver's connections, unwrapped from the pool's per-borrow proxy (HikariCP hands
 * out its delegate); a pool whose {@code unwrap} returns a per-borrow object only misses the cache.
 * Keys are weak ({@link WeakHashMap}: an entry lives as long as its connection, which the pool holds),
 * so nothing here keeps a closed connection alive. Not Spring's {@code ConcurrentReferenceHashMap}:
 * it holds its entries, not their keys, weakly, so any garbage collection would drop them (and
 * did, between a clause and its answer). The lock is held for a map lookup, twice per transaction;
 * whoever reads an answer still goes by the columns it has. Shared by every router: a driver
 * connection belongs to one pool.
 */
final class ConnectionBackends {

	private static final Map<Connection, Backend> BACKENDS = Collections.synchronizedMap(new WeakHashMap<>());

	private ConnectionBackends() {
	}

	/** The backend behind a physical connection, {@code null} until one of its statements returned it. */
	static Backend of(Connection physical) throws SQLException {
		return BACKENDS.get(driverConnection(physical));
	}

	/** Notes the backend behind a physical connection. */
	static void remember(Connection physical, Backend backend) throws SQLException {
		BACKENDS.put(driverConnection(physical), backend);
	}

	/** Drops every entry: for tests of an answer whose backend is not known (any more). */
	static void clear() {
		BACKENDS.clear();
	}

	private static Connection driverConnection(Connection physical) throws SQLException {
		Connection unwrapped = physical.unwrap(Connection.class);
		return (unwrapped != null) ? unwrapped : physical;
	}

	/**
	 * A backend: its pid and its server's start time ({@code pg_postmaster_start_time()::text}).
	 *
	 * @param pid the backend's process id
	 * @param started when its server started, as the server writes it
	 */
	record Backend(int pid, String started) {

	}

}
