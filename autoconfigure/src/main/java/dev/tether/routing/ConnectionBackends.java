package dev.tether.routing;

import java.sql.Connection;
import java.sql.SQLException;

import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * The PostgreSQL backend (its pid) and the server's start time behind each physical primary
 * connection, as the first statement that settles commits on it read them ({@link CommitSettling}):
 * later statements on the connection then ask only for their transaction's id. Over 1,000 rows at
 * 32 threads on two shared cores, the server formatting {@code pg_postmaster_start_time()} and
 * the backend's pid into every versioned update took about 5 µs of its CPU per order.
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
 * out its delegate), held weakly, so a connection the pool closed leaves the map with it; a pool
 * whose {@code unwrap} returns a per-borrow object only misses the cache. Shared by every router:
 * a driver connection belongs to one pool.
 */
final class ConnectionBackends {

	private static final ConcurrentReferenceHashMap<Connection, Backend> BACKENDS = new ConcurrentReferenceHashMap<>(
			64, ConcurrentReferenceHashMap.ReferenceType.WEAK);

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
