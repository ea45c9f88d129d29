package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which tables a {@link SingleRowWrite} may add {@code RETURNING} to, as the primary's catalog says,
 * asked once per table and cached with the router's {@link PrimaryFacts}: a plain or partitioned
 * table without rules (a {@code DO INSTEAD} rule refuses {@code RETURNING}: the statement would fail
 * where it works without Tether) and without row-level security (a {@code RETURNING} that names
 * columns makes a new row pass the {@code SELECT} policies too; PostgreSQL 17 applies none to this
 * one, which names no column, but older servers were not checked, so such tables are left alone at
 * the cost of the query before {@code COMMIT}). An {@code UPDATE} or
 * {@code DELETE} qualifies only when its {@code WHERE} compares every column of the table's primary
 * key, so it changes one row at most and returns one row at most.
 * <p>
 * The catalog is read on the transaction's own connection: asking the pool for another could wait
 * for the one this thread holds. The names come from {@link SingleRowWrite}, plain identifiers only,
 * which {@code to_regclass} resolves as the statement will (search path included) and answers with
 * {@code NULL} rather than an error when the table does not exist.
 */
final class ReturningTables {

	private static final String KEY = "returning-table:";

	private static final String CATALOG = "select c.relkind in ('r', 'p') and not c.relhasrules and not c.relrowsecurity,"
			+ " array(select a.attname::text from pg_index i join pg_attribute a on a.attrelid = i.indrelid"
			+ " and a.attnum = any(i.indkey) where i.indrelid = c.oid and i.indisprimary)"
			+ " from pg_class c where c.oid = to_regclass(?)";

	/** What the catalog says of a table: whether it takes {@code RETURNING}, and its primary key. */
	private record Table(boolean takesReturning, List<String> primaryKey) {

		private static final Table REFUSES = new Table(false, List.of());

	}

	private ReturningTables() {
	}

	/**
	 * Whether the write may end with {@code RETURNING}: its table takes it and the write changes at
	 * most one row.
	 * @param core the router, whose primary's facts cache the answer
	 * @param physical the primary connection of the transaction, to ask on the first time
	 * @param write the write
	 * @return {@code true} if the write may return its transaction's id
	 * @throws SQLException if the catalog cannot be read (nothing is cached then)
	 */
	static boolean accept(RoutingCore core, Connection physical, SingleRowWrite write) throws SQLException {
		Table table = (Table) core.primaryFacts().get(KEY + write.table(), physical,
				(connection) -> read(connection, write.table()));
		if (table == null || !table.takesReturning()) {
			return false;
		}
		if (write.isInsert()) {
			// one row of values: one row
			return true;
		}
		// an UPDATE or DELETE changes one row at most when its WHERE pins every primary key column
		return !table.primaryKey().isEmpty() && write.keyColumns().containsAll(table.primaryKey());
	}

	/**
	 * Notes that a table refused a statement's {@code RETURNING} (a rule or row-level security added
	 * since the catalog was read): its writes return nothing from now on.
	 */
	static void refused(RoutingCore core, String table) {
		core.primaryFacts().replace(KEY + table, Table.REFUSES);
	}

	private static Table read(Connection connection, String table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(CATALOG)) {
			statement.setString(1, table);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					return Table.REFUSES;
				}
				String[] key = (String[]) result.getArray(2).getArray();
				return new Table(result.getBoolean(1),
						Arrays.stream(key).map((column) -> column.toLowerCase(Locale.ROOT)).toList());
			}
		}
	}

}
