package dev.tether.test.mariadb;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the JVM-wide {@link SharedReplicatedMariaDb shared} MariaDB
 * cluster: it is started before the first test class using the extension, and injected into
 * constructor, lifecycle-method and test-method parameters of type
 * {@link EmbeddedReplicatedMariaDb}.
 *
 * <p>On a machine without {@code mariadbd} the test class is skipped (JUnit reports it as
 * aborted) with {@link MariaDbBinaries#MISSING_MESSAGE}, which says how to install it. Register it
 * before Spring's extension, so that the skip comes before any application context is loaded.
 *
 * <pre>{@code
 * @ExtendWith(ReplicatedMariaDbExtension.class)
 * class RoutingOnMariaDbTests {
 *     @Test
 *     void readsGoToTheReplica(EmbeddedReplicatedMariaDb mariadb) { ... }
 * }
 * }</pre>
 */
public final class ReplicatedMariaDbExtension implements BeforeAllCallback, ParameterResolver {

	/**
	 * Creates the extension; JUnit calls this.
	 */
	public ReplicatedMariaDbExtension() {
	}

	/**
	 * Skips the container when MariaDB is not installed, else starts the shared cluster unless it
	 * runs already.
	 * @param context the container's context
	 */
	@Override
	public void beforeAll(ExtensionContext context) {
		Assumptions.assumeTrue(MariaDbBinaries.isInstalled(), MariaDbBinaries.MISSING_MESSAGE);
		SharedReplicatedMariaDb.get();
	}

	/**
	 * Supports parameters of type {@link EmbeddedReplicatedMariaDb}.
	 * @param parameterContext the parameter
	 * @param extensionContext the context
	 * @return whether the parameter is an {@link EmbeddedReplicatedMariaDb}
	 */
	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == EmbeddedReplicatedMariaDb.class;
	}

	/**
	 * Resolves the shared cluster.
	 * @param parameterContext the parameter
	 * @param extensionContext the context
	 * @return the shared cluster
	 */
	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return SharedReplicatedMariaDb.get();
	}

}
