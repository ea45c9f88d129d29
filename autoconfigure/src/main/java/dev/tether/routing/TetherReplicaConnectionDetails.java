package dev.tether.routing;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * How to reach one read replica, as a bean: each bean of this type is a replica named
 * {@link #getName()}, added to those of {@code tether.replicas.*}. A bean named like a
 * {@code tether.replicas.<name>} entry gives that replica its URL and credentials; the entry keeps
 * its weight and pool settings. Spring Boot's {@code @ServiceConnection} on a tether-test replica
 * container makes one (module {@code tether-testcontainers}).
 */
public interface TetherReplicaConnectionDetails extends ConnectionDetails {

	/**
	 * The replica's name, as in {@code tether.replicas.<name>}: 1 to 63 letters, digits, '-' or '_'.
	 * @return the name
	 */
	String getName();

	/**
	 * The replica's JDBC URL.
	 * @return the URL
	 */
	String getJdbcUrl();

	/**
	 * The replica's login user; {@code null} for the primary's.
	 * @return the user or {@code null}
	 */
	String getUsername();

	/**
	 * The replica's login password; {@code null} for the primary's.
	 * @return the password or {@code null}
	 */
	String getPassword();

}
