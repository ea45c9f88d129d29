package dev.tether.replica;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * MySQL Connector/J is an optional dependency: without it on the class path the MySQL probe loads,
 * answers that no commit named its position (so causal reads ask the primary, as before) and never
 * touches a Connector/J class. The probe's classes are loaded afresh from Tether's own output, by a
 * class loader that hides {@code com.mysql}.
 */
class MySqlOwnGtidWithoutConnectorJTests {

	@Test
	void withoutConnectorJTheProbeKnowsNoCommittedPosition() throws Exception {
		URL classes = MySqlReplicationProbe.class.getProtectionDomain().getCodeSource().getLocation();
		try (FilteredClassLoader hidden = new FilteredClassLoader("com.mysql", "dev.tether");
				URLClassLoader loader = new URLClassLoader(new URL[] { classes }, hidden)) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass("com.mysql.cj.jdbc.JdbcConnection"));
			Class<?> type = loader.loadClass(MySqlReplicationProbe.class.getName());
			assertThat(type.getClassLoader()).isSameAs(loader);
			Constructor<?> constructor = type.getDeclaredConstructor(boolean.class);
			constructor.setAccessible(true);
			Object probe = constructor.newInstance(false);
			Field source = type.getDeclaredField("source");
			source.setAccessible(true);
			source.set(probe, "3e11fa47-71ca-11e1-9e33-c80aa9429562"); // as if the primary had been probed
			Field own = type.getDeclaredField("ownGtid");
			own.setAccessible(true);
			assertThat(own.get(probe)).isNull();
			Method committed = type.getMethod("committedPosition", Connection.class);
			committed.setAccessible(true); // a public method of a package-private class
			Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { Connection.class }, (self, method, args) -> {
						throw new AssertionError("the connection is not asked: " + method.getName());
					});
			assertThat(committed.invoke(probe, connection)).isEqualTo(ReplicationProbe.UNKNOWN_POSITION);
		}
	}

}
