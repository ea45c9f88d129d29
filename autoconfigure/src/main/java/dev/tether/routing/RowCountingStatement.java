package dev.tether.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;

/**
 * A statement on the primary whose update counts go to its logical connection, which holds them
 * against {@code tether.guard.max-rows-per-transaction}. Only used while a row limit is set: a
 * dynamic proxy because the statement interfaces have some 150 methods and only the executing
 * ones matter; without a limit the driver's statements are handed out as they are.
 */
final class RowCountingStatement implements InvocationHandler {

	private final Statement delegate;

	private final RoutingConnection owner;

	/** The SQL of a prepared or callable statement; {@code null} for a plain one, whose SQL comes with each call. */
	private final String sql;

	private RowCountingStatement(Statement delegate, RoutingConnection owner, String sql) {
		this.delegate = delegate;
		this.owner = owner;
		this.sql = sql;
	}

	static <T extends Statement> T wrap(T statement, Class<T> type, RoutingConnection owner, String sql) {
		return type.cast(Proxy.newProxyInstance(RowCountingStatement.class.getClassLoader(), new Class<?>[] { type },
				new RowCountingStatement(statement, owner, sql)));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		switch (method.getName()) {
			case "executeUpdate":
			case "executeLargeUpdate":
			case "executeBatch":
			case "executeLargeBatch":
			case "execute":
				return this.owner.countRows(() -> call(method, args), this::rowsOf, sqlOf(method, args),
						method.getName().equals("execute"));
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "unwrap":
				return ((Class<?>) args[0]).isInstance(proxy) ? proxy : this.delegate.unwrap((Class<?>) args[0]);
			case "isWrapperFor":
				return ((Class<?>) args[0]).isInstance(proxy) || this.delegate.isWrapperFor((Class<?>) args[0]);
			default:
				return call(method, args);
		}
	}

	/** The SQL the execution runs: the prepared one, or the plain statement's argument; {@code null} for a batch. */
	private String sqlOf(Method method, Object[] args) {
		if (this.sql != null) {
			return this.sql;
		}
		return (args != null && args.length > 0 && args[0] instanceof String text) ? text : null;
	}

	/** Rows changed by an execution: its update count, the sum of a batch's known counts. */
	private long rowsOf(Object result) throws java.sql.SQLException {
		if (result instanceof Integer count) {
			return Math.max(count, 0);
		}
		if (result instanceof Long count) {
			return Math.max(count, 0);
		}
		if (result instanceof Boolean resultSet) {
			// execute(): the first result is an update count unless it is a result set
			return resultSet ? 0 : Math.max(this.delegate.getUpdateCount(), 0);
		}
		long rows = 0;
		if (result instanceof int[] counts) {
			for (int count : counts) {
				rows += Math.max(count, 0); // SUCCESS_NO_INFO (-2): the driver did not say
			}
		}
		else if (result instanceof long[] counts) {
			for (long count : counts) {
				rows += Math.max(count, 0);
			}
		}
		return rows;
	}

	private Object call(Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(this.delegate, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
