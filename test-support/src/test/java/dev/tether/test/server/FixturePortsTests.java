package dev.tether.test.server;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

import dev.tether.test.mariadb.EmbeddedReplicatedMariaDb;
import dev.tether.test.mysql.EmbeddedReplicatedMySql;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded fixtures of every kind take their ports from one JVM-wide source, so two clusters of
 * different kinds in one JVM are never given the same port.
 */
class FixturePortsTests {

	private static final int PER_KIND = 500;

	@Test
	void portsHandedOutToFixturesOfDifferentKindsNeverCollide() throws Exception {
		// Each fixture's own port source, exactly as its nodes get it. It is private to the fixture,
		// so reached by reflection: this test ran unchanged against the copies the fixtures used to
		// keep (one set of handed-out ports each), and failed there.
		List<IntSupplier> kinds = List.of(portSource(EmbeddedReplicatedPostgres.class),
				portSource(EmbeddedReplicatedMariaDb.class), portSource(EmbeddedReplicatedMySql.class));
		Set<Integer> seen = new HashSet<>();
		List<Integer> twice = new ArrayList<>();
		for (int i = 0; i < PER_KIND; i++) {
			for (IntSupplier kind : kinds) {
				int port = kind.getAsInt();
				if (!seen.add(port)) {
					twice.add(port);
				}
			}
		}
		assertThat(twice).as("ports handed out twice").isEmpty();
	}

	private static IntSupplier portSource(Class<?> fixture) throws NoSuchMethodException {
		Method freePort = fixture.getDeclaredMethod("freePort");
		freePort.setAccessible(true);
		return () -> {
			try {
				return (int) freePort.invoke(null);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

}
