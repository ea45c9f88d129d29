package dev.tether.test.mysql;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the JVM-wide {@link SharedReplicatedMySql shared} MySQL 8 cluster:
 * it is started before the first test class using the extension, and injected into constructor,
 * lifecycle-method and test-method parameters of type {@link EmbeddedReplicatedMySql}.
 *
 * <p>Where MySQL cannot run (the test dependency {@value MySqlBinaries#ARTIFACT} is missing, the
 * machine is not Linux x86_64, or {@code libaio}/{@code libnuma} are not installed) the test class
 * is skipped (JUnit reports it as aborted) with {@link MySqlBinaries#unavailableReason()}, which
 * says what to do. Register it before Spring's extension, so that the skip comes before any
 * application context is loaded.
 *
 * <pre>{@code
 * @ExtendWith(ReplicatedMySqlExtension.class)
 * class RoutingOnMySqlTests {
 *     @Test
 *     void readsGoToTheReplica(EmbeddedReplicatedMySql mysql) { ... }
 * }
 * }</pre>
 */
public final class ReplicatedMySqlExtension implements BeforeAllCallback, ParameterResolver {

	/**
	 * Creates the extension; JUnit calls this.
	 */
	public ReplicatedMySqlExtension() {
	}

	/**
	 * Skips the container when MySQL cannot run here, else starts the shared cluster unless it
	 * runs already.
	 * @param context the container's context
	 */
	@Override
	public void beforeAll(ExtensionContext context) {
		Assumptions.assumeTrue(MySqlBinaries.isAvailable(), MySqlBinaries::unavailableReason);
		SharedReplicatedMySql.get();
	}

	/**
	 * Supports parameters of type {@link EmbeddedReplicatedMySql}.
	 * @param parameterContext the parameter
	 * @param extensionContext the context
	 * @return whether the parameter is an {@link EmbeddedReplicatedMySql}
	 */
	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == EmbeddedReplicatedMySql.class;
	}

	/**
	 * Resolves the shared cluster.
	 * @param parameterContext the parameter
	 * @param extensionContext the context
	 * @return the shared cluster
	 */
	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return SharedReplicatedMySql.get();
	}

}
