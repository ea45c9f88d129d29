package dev.tether.routing;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A callable statement on the primary whose update counts go to the logical connection's
 * {@link RowBudget}; its SQL is the one it was prepared with. Used only while a row limit is set.
 */
final class RowCountingCallableStatement extends ForwardingCallableStatement {

	private final RoutingConnection owner;

	private final RowBudget budget;

	private final Connection physical;

	private final String sql;

	RowCountingCallableStatement(RoutingConnection owner, RowBudget budget, Connection physical, CallableStatement delegate,
			String sql) {
		super(owner, delegate);
		this.owner = owner;
		this.budget = budget;
		this.physical = physical;
		this.sql = sql;
	}

	private <T> T counted(boolean mayRead, RowBudget.Execution<T> execution) throws SQLException {
		try {
			return this.budget.execute(this.physical, this.owner.inAutoCommit(), this.sql, mayRead, this.delegate,
					execution);
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	Connection physical() {
		return this.physical;
	}

	@Override
	public int executeUpdate() throws SQLException {
		return counted(false, this.delegate::executeUpdate);
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		return counted(false, this.delegate::executeLargeUpdate);
	}

	@Override
	public boolean execute() throws SQLException {
		return counted(true, this.delegate::execute);
	}

	@Override
	public int[] executeBatch() throws SQLException {
		return counted(false, this.delegate::executeBatch);
	}

	@Override
	public long[] executeLargeBatch() throws SQLException {
		return counted(false, this.delegate::executeLargeBatch);
	}

}
