package dev.tether.routing;

import dev.tether.annotation.ForceMaster;
import dev.tether.annotation.MaxReplicaLag;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What routing reads at run time that a native image must know ahead of time: the routing
 * annotations, which the advisors look up on application classes. The JDBC wrappers are
 * hand-written classes, not JDK proxies, so they need no proxy hints. Registered in
 * {@code META-INF/spring/aot.factories}; a JVM run, AOT-processed or not, needs none of it.
 */
final class RoutingRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.reflection().registerType(ForceMaster.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		hints.reflection().registerType(MaxReplicaLag.class, MemberCategory.INVOKE_PUBLIC_METHODS);
	}

}
