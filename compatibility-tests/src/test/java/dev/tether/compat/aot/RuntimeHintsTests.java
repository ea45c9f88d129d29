package dev.tether.compat.aot;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.tether.annotation.ForceMaster;
import dev.tether.annotation.RetryOptimistic;
import dev.tether.compat.Databases;
import dev.tether.compat.Tether;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints Tether registers through {@code META-INF/spring/aot.factories}, loaded the way
 * Spring's AOT processing loads them, cover every JDK proxy the router actually hands out on the
 * real primary and replica (so a new proxy without a hint fails here), and the reflection of retry.
 */
class RuntimeHintsTests {

	@Test
	void theRegistrarsAreFoundWhereAotProcessingLooksForThem() {
		RuntimeHints hints = tetherHints();
		assertThat(RuntimeHintsPredicates.reflection().onType(ForceMaster.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(RetryOptimistic.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(jakarta.persistence.OptimisticLockException.class, "getEntity")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(org.hibernate.StaleObjectStateException.class, "getIdentifier")).accepts(hints);
	}

	@Test
	void theRouterHandsOutNoJdkProxySoANativeImageNeedsNoProxyHints() {
		RuntimeHints hints = tetherHints();
		new ApplicationContextRunner().withConfiguration(Tether.jdbc())
			.withConfiguration(Tether.autoConfigurations())
			.withPropertyValues(Databases.properties())
			// A row limit makes the router count rows through a wrapper of every statement type.
			.withPropertyValues("tether.guard.max-rows-per-transaction=1000")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				List<Object> handedOut = new ArrayList<>();
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
					try {
						Connection connection = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
						handedOut.add(connection.getMetaData());
						Statement statement = connection.createStatement();
						statement.execute("select 1");
						handedOut.add(statement);
						handedOut.add(connection.prepareStatement("select 1"));
						handedOut.add(connection.prepareCall("select 1"));
					}
					catch (java.sql.SQLException ex) {
						throw new IllegalStateException(ex);
					}
				});
				assertThat(handedOut).hasSize(4);
				// the JDBC wrappers are hand-written classes, not java.lang.reflect.Proxy instances
				assertThat(handedOut).noneMatch((object) -> Proxy.isProxyClass(object.getClass()));
				assertThat(hints.proxies().jdkProxyHints()).as("so Tether registers no proxy hint").isEmpty();
			});
	}

	private static RuntimeHints tetherHints() {
		RuntimeHints hints = new RuntimeHints();
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
		registrars.stream()
			.filter((registrar) -> registrar.getClass().getName().startsWith("dev.tether."))
			.forEach((registrar) -> registrar.registerHints(hints, RuntimeHintsTests.class.getClassLoader()));
		return hints;
	}

}
