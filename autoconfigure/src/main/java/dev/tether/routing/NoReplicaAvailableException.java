package dev.tether.routing;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Thrown for a read-only transaction when no replica is up and fresh enough and
 * {@code tether.routing.fallback=fail} forbids the primary. Transient: replicas come back.
 */
public class NoReplicaAvailableException extends TransientDataAccessResourceException {

	/**
	 * Creates a new instance.
	 * @param message the full message
	 */
	public NoReplicaAvailableException(String message) {
		super(message);
	}

}
