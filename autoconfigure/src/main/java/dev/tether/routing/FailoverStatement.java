package dev.tether.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The first prepared statement of a read routed to a replica. If the replica's connection breaks
 * when it executes (the replica died since the connection was pooled), nothing of the read has
 * been seen yet, so it is safe to run it elsewhere: the replica is marked down, the logical
 * connection moves to another replica or the primary, and the statement is prepared there again
 * with the same parameters and executed. After the first execution it only delegates.
 * <p>
 * A dynamic proxy because {@code PreparedStatement} has some 150 methods and only the first
 * statement of a read pays this indirection.
 */
final class FailoverStatement implements InvocationHandler {

	private final RoutingConnection owner;

	private final StatementFactory factory;

	private PreparedStatement delegate;

	/** Parameter-setting calls to replay on the new node; null once the statement has executed. */
	private List<Object[]> calls = new ArrayList<>();

	private FailoverStatement(RoutingConnection owner, PreparedStatement delegate, StatementFactory factory) {
		this.owner = owner;
		this.delegate = delegate;
		this.factory = factory;
	}

	static PreparedStatement wrap(RoutingConnection owner, PreparedStatement delegate, StatementFactory factory) {
		return (PreparedStatement) Proxy.newProxyInstance(FailoverStatement.class.getClassLoader(),
				new Class<?>[] { PreparedStatement.class }, new FailoverStatement(owner, delegate, factory));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (name.equals("equals")) {
			return proxy == args[0];
		}
		if (this.calls == null) {
			return call(method, args);
		}
		if (name.startsWith("execute")) {
			try {
				Object result = call(method, args);
				this.calls = null;
				return result;
			}
			catch (SQLException ex) {
				if (!isBrokenConnection(ex) || name.contains("Batch")) {
					throw ex;
				}
				Connection moved = this.owner.failover(ex);
				this.delegate.close();
				this.delegate = this.factory.prepare(moved);
				for (Object[] call : this.calls) {
					((Method) call[0]).invoke(this.delegate, (Object[]) call[1]);
				}
				Object result = call(method, args);
				this.calls = null;
				return result;
			}
		}
		if (name.startsWith("set") || name.equals("clearParameters")) {
			this.calls.add(new Object[] { method, args });
		}
		else if (name.equals("addBatch")) {
			// batches are writes; a read has none, and replaying one is not worth the risk
			this.calls = null;
		}
		return call(method, args);
	}

	private Object call(Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(this.delegate, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/** Whether the failure says the connection is gone, not that the statement is wrong. */
	static boolean isBrokenConnection(SQLException ex) {
		String state = ex.getSQLState();
		return (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
				|| state.equals("57P03"))) || ex instanceof java.sql.SQLRecoverableException
				|| ex instanceof java.sql.SQLNonTransientConnectionException;
	}

	/** Prepares the statement again on another physical connection. */
	@FunctionalInterface
	interface StatementFactory {

		PreparedStatement prepare(Connection connection) throws SQLException;

	}

}
