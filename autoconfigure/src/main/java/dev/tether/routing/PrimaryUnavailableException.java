package dev.tether.routing;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Thrown when work that needs the primary cannot get a connection to it within its pool's
 * connection timeout. Read-only transactions are not affected: they keep running on replicas.
 * Spring translates it to a {@code TransientDataAccessResourceException}.
 */
public class PrimaryUnavailableException extends SQLTransientConnectionException {

	/**
	 * Creates a new instance.
	 * @param work what needed the primary (the transaction's method)
	 * @param cause what the primary's pool threw
	 */
	public PrimaryUnavailableException(String work, SQLException cause) {
		super("Tether could not get a connection to the primary for " + work + ": " + cause.getMessage()
				+ ". Writes and read-write transactions fail until the primary is back; read-only transactions keep"
				+ " running on replicas.", (cause.getSQLState() != null) ? cause.getSQLState() : "08001", cause);
	}

}
