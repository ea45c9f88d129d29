package dev.tether.routing;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The {@link DatabaseMetaData} of a logical connection. Instrumentation often asks for metadata
 * before the first statement, and answering from a real connection then would take a node before
 * the routing decision: so while the logical connection holds no physical one, the argument-free
 * scalar facts (product name and version, driver, URL, limits, supported features) are the
 * primary's, read once per router and cached ({@link PrimaryFacts}), and anything else (result
 * sets, calls with arguments) takes the logical connection's real one. Once it holds one, every
 * call goes to that connection's metadata. {@link #getConnection()} is the logical connection.
 */
final class RoutingDatabaseMetaData extends ForwardingDatabaseMetaData {

	private final RoutingConnection owner;

	private final PrimaryFacts primaryFacts;

	RoutingDatabaseMetaData(RoutingConnection owner, PrimaryFacts primaryFacts) {
		super(owner);
		this.owner = owner;
		this.primaryFacts = primaryFacts;
	}

	@Override
	DatabaseMetaData delegate() throws SQLException {
		return this.owner.connectionOrCurrent().getMetaData();
	}

	@Override
	Object scalar(String name, Fact fact) throws SQLException {
		Connection current = this.owner.current();
		if (current != null) {
			return fact.read(current.getMetaData());
		}
		return this.primaryFacts.get("metadata." + name, (primary) -> fact.read(primary.getMetaData()));
	}

	@Override
	public String toString() {
		return "RoutingDatabaseMetaData[" + this.owner + "]";
	}

}
