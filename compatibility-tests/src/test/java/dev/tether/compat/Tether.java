package dev.tether.compat;

import java.util.stream.StreamSupport;

import dev.tether.routing.RoutingCounters;
import dev.tether.sql.SqlKind;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Tether's auto-configurations as the starter registers them, and checks on its counters. */
public final class Tether {

	private Tether() {
	}

	/** Every auto-configuration the starter registers, read from its imports file (so a new one is included). */
	public static AutoConfigurations autoConfigurations() {
		Class<?>[] classes = StreamSupport
			.stream(ImportCandidates.load(AutoConfiguration.class, Tether.class.getClassLoader()).spliterator(), false)
			.filter((name) -> name.startsWith("dev.tether."))
			.map(Tether::load)
			.toArray(Class<?>[]::new);
		assertThat(classes).as("Tether's auto-configurations on the classpath").isNotEmpty();
		return AutoConfigurations.of(classes);
	}

	/** Boot's DataSource and its transaction manager: what every JDBC application has. */
	public static AutoConfigurations jdbc() {
		return AutoConfigurations.of(DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class);
	}

	/** No statement reached a node that could not run it, and no replica refused one. */
	public static void assertNothingRefused(RoutingCounters counters) {
		for (SqlKind kind : SqlKind.values()) {
			assertThat(counters.mismatches(kind)).as("mismatches of kind %s", kind).isZero();
		}
		assertThat(counters.replicaRefusals()).as("statements a replica refused").isZero();
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name, false, Tether.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
