package dev.tether.routing;

import java.sql.CallableStatement;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.Statement;

import dev.tether.annotation.ForceMaster;
import dev.tether.annotation.MaxReplicaLag;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What routing creates or reads at run time that a native image must know ahead of time: the JDK
 * proxies of {@code LazyDatabaseMetaData} (a {@link DatabaseMetaData} answered without a
 * connection), {@code FailoverStatement} (a {@link PreparedStatement} that can move to the
 * primary) and {@code RowCountingStatement} (each statement type, while a row limit is set), and
 * the routing annotations, which the advisors look up on application classes. Registered in
 * {@code META-INF/spring/aot.factories}; a JVM run, AOT-processed or not, needs none of it.
 */
final class RoutingRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.proxies().registerJdkProxy(DatabaseMetaData.class);
		hints.proxies().registerJdkProxy(PreparedStatement.class);
		hints.proxies().registerJdkProxy(Statement.class);
		hints.proxies().registerJdkProxy(CallableStatement.class);
		hints.reflection().registerType(ForceMaster.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		hints.reflection().registerType(MaxReplicaLag.class, MemberCategory.INVOKE_PUBLIC_METHODS);
	}

}
