package dev.tether.test.containers.connection;

import dev.tether.routing.TetherReplicaConnectionDetails;
import dev.tether.test.containers.ReplicaContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Makes a {@code @ServiceConnection} replica container of tether-test
 * ({@code PostgresReplicaContainer}, {@code MySqlReplicaContainer}, {@code MariaDbReplicaContainer})
 * a Tether replica: a {@link TetherReplicaConnectionDetails} named like the container's
 * {@link ReplicaContainer#getReplicaName() replica name}. Its primary's {@code @ServiceConnection}
 * stays Spring Boot's own ({@code spring.datasource}); a replica is no JDBC container, so Boot's
 * JDBC factory leaves it alone.
 */
class ReplicaContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<ReplicaContainer<?>, TetherReplicaConnectionDetails> {

	ReplicaContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, "dev.tether.routing.TetherReplicaConnectionDetails");
	}

	@Override
	protected TetherReplicaConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<ReplicaContainer<?>> source) {
		return new ReplicaContainerConnectionDetails(source);
	}

	/** The replica's name, URL and credentials, read from the started container. */
	static final class ReplicaContainerConnectionDetails extends ContainerConnectionDetails<ReplicaContainer<?>>
			implements TetherReplicaConnectionDetails {

		ReplicaContainerConnectionDetails(ContainerConnectionSource<ReplicaContainer<?>> source) {
			super(source);
		}

		@Override
		public String getName() {
			return getContainer().getReplicaName();
		}

		@Override
		public String getJdbcUrl() {
			return getContainer().getJdbcUrl();
		}

		@Override
		public String getUsername() {
			return getContainer().getUsername();
		}

		@Override
		public String getPassword() {
			return getContainer().getPassword();
		}

		@Override
		public String toString() {
			return "replica container '" + getContainer().getReplicaName() + "'";
		}

	}

}
