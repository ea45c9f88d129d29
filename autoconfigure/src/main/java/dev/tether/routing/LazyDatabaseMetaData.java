package dev.tether.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;

/**
 * The {@link DatabaseMetaData} of a logical connection that has not run a statement yet. Scalar,
 * argument-free facts (product name and version, driver, URL, limits, supported features) are the
 * primary's, read once and cached, so instrumentation that reads them does not take a physical
 * connection before the routing decision. Anything else (result sets, calls with arguments) takes
 * the logical connection's real one.
 * <p>
 * A dynamic proxy because {@code DatabaseMetaData} has close to 180 methods and this path is cold.
 */
final class LazyDatabaseMetaData implements InvocationHandler {

	private final RoutingConnection connection;

	private final TetherDataSource router;

	private LazyDatabaseMetaData(RoutingConnection connection, TetherDataSource router) {
		this.connection = connection;
		this.router = router;
	}

	static DatabaseMetaData create(RoutingConnection connection, TetherDataSource router) {
		return (DatabaseMetaData) Proxy.newProxyInstance(LazyDatabaseMetaData.class.getClassLoader(),
				new Class<?>[] { DatabaseMetaData.class }, new LazyDatabaseMetaData(connection, router));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		switch (method.getName()) {
			case "getConnection":
				return this.connection;
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "LazyDatabaseMetaData[" + this.connection + "]";
			case "unwrap", "isWrapperFor":
				break;
			default:
				if (isCacheable(method)) {
					return this.router.primaryScalar("metadata." + method.getName(),
							(primary) -> invoke(primary.getMetaData(), method, null));
				}
		}
		return invoke(this.connection.connectionOrCurrent().getMetaData(), method, args);
	}

	private static boolean isCacheable(Method method) {
		Class<?> type = method.getReturnType();
		return method.getParameterCount() == 0 && type != ResultSet.class && type != Connection.class
				&& (type.isPrimitive() || type == String.class);
	}

	private static Object invoke(DatabaseMetaData target, Method method, Object[] args) throws java.sql.SQLException {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof java.sql.SQLException sqlException) {
				throw sqlException;
			}
			if (ex.getCause() instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
