package dev.tether.routing;

import javax.sql.DataSource;

import dev.tether.sql.SqlDialect;

/**
 * The collaborators a router's logical connections share, created once, when the primary's dialect
 * is known (at the first connection): each connection receives them instead of asking the router
 * for them at every statement. Immutable; every part is thread-safe.
 *
 * @param primary the primary's pool
 * @param defaults what a fresh primary connection looks like
 * @param routes whether there are replicas to route to (without, connections only guard statements)
 * @param intake classifies and guards statements
 * @param guard the statement guards, for the row budget
 * @param dialect the primary's SQL dialect
 * @param readRouting routes reads
 * @param causal read-your-writes
 * @param failover what a failing replica costs the routing path
 * @param listener the routing events' listener
 * @param observer the transactions' observer, {@code null} for none
 * @param primaryFacts the primary's metadata, cached
 */
record RoutingCore(DataSource primary, TetherDataSource.ConnectionDefaults defaults, boolean routes,
		StatementIntake intake, StatementGuard guard, SqlDialect dialect, ReadRouting readRouting, CausalReads causal,
		ReplicaFailover failover, RoutingListener listener,
		TransactionObserver observer, PrimaryFacts primaryFacts) {

}
