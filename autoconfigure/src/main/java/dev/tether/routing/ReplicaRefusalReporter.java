package dev.tether.routing;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reports a replica refusing a statement as a write ({@link ReadOnlyRefusals}) as what it is: a
 * statement Tether routed to the replica because its SQL classifier judged it replica-safe.
 * <p>
 * It is the exception override of the replica pools Tether creates: HikariCP shows it every
 * {@link SQLException} its statements throw, so this costs nothing on the routing path. Tether
 * hands out the drivers' own statements (wrapping every statement only to catch this would cost
 * every read), which is also why the application still receives the driver's exception: this
 * adds the diagnosis and the count beside it. It never changes HikariCP's eviction decision.
 */
final class ReplicaRefusalReporter implements SQLExceptionOverride {

	private static final Log logger = LogFactory.getLog(ReplicaRefusalReporter.class);

	private final String replica;

	private final RoutingListener listener;

	ReplicaRefusalReporter(String replica, RoutingListener listener) {
		this.replica = replica;
		this.listener = listener;
	}

	@java.lang.Override // Override alone names HikariCP's nested enum here
	public SQLExceptionOverride.Override adjudicate(SQLException failure) {
		if (ReadOnlyRefusals.isReadOnlyRefusal(failure)) {
			logger.error("Replica '" + this.replica + "' refused a statement as a write (error " + failure.getErrorCode()
					+ ", SQLState " + failure.getSQLState() + ": " + failure.getMessage() + "). Tether routed it there"
					+ " because its SQL classifier judged it a read: unless the statement calls a stored function or"
					+ " procedure that writes (which no lexical classifier can see; run such work under @ForceMaster or"
					+ " in a read-write transaction), this is a Tether routing bug. Please report it with the statement,"
					+ " which the exception the application received names.");
			try {
				this.listener.onReplicaRefusal(this.replica, failure);
			}
			catch (RuntimeException ex) {
				logger.warn("A RoutingListener failed on a replica refusal", ex);
			}
		}
		return SQLExceptionOverride.Override.CONTINUE_EVICT;
	}

}
