package dev.tether.test.postgres;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the JVM-wide {@link SharedReplicatedPostgres shared}
 * cluster: it is started before the first test class using the extension, and injected
 * into constructor, lifecycle-method and test-method parameters of type
 * {@link EmbeddedReplicatedPostgres}.
 *
 * <pre>{@code
 * @ExtendWith(ReplicatedPostgresExtension.class)
 * class RoutingTests {
 *     @Test
 *     void readsGoToTheReplica(EmbeddedReplicatedPostgres postgres) { ... }
 * }
 * }</pre>
 */
public final class ReplicatedPostgresExtension implements BeforeAllCallback, ParameterResolver {

	/**
	 * Creates the extension; JUnit calls this.
	 */
	public ReplicatedPostgresExtension() {
	}

	/**
	 * Starts the shared cluster unless it runs already.
	 * @param context the container's context
	 */
	@Override
	public void beforeAll(ExtensionContext context) {
		SharedReplicatedPostgres.get();
	}

	/**
	 * Supports parameters of type {@link EmbeddedReplicatedPostgres}.
	 * @param parameterContext the parameter
	 * @param extensionContext the context
	 * @return whether the parameter is an {@link EmbeddedReplicatedPostgres}
	 */
	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == EmbeddedReplicatedPostgres.class;
	}

	/**
	 * Resolves the shared cluster.
	 * @param parameterContext the parameter
	 * @param extensionContext the context
	 * @return the shared cluster
	 */
	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return SharedReplicatedPostgres.get();
	}

}
