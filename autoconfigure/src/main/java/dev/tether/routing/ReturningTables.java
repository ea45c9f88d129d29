package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	private static final Log logger = LogFactory.getLog(ReturningTables.class);

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
		String name = write.table().toLowerCase(Locale.ROOT);
		Table table = (Table) core.primaryFacts().get(KEY + name, physical, (connection) -> read(connection, name));
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
	 * Whether a statement on a table (a plain name, as the statement writes it) may end with
	 * {@code RETURNING} whatever rows it changes: with the transaction's primary connection at
	 * hand, as the catalog says (asked the first time); without one (the statement is the
	 * transaction's first), unless the table is known to refuse it: if it does, the statement fails
	 * once and {@link #refusal} notes it.
	 * @param core the router, whose primary's facts cache the answer
	 * @param physical the primary connection of the transaction, {@code null} before its first statement
	 * @param table the table
	 * @return {@code false} when the table is known not to take it
	 * @throws SQLException if the catalog cannot be read (nothing is cached then)
	 */
	static boolean takesReturning(RoutingCore core, Connection physical, String table) throws SQLException {
		String name = table.toLowerCase(Locale.ROOT);
		Table facts = (Table) ((physical != null) ? core.primaryFacts().get(KEY + name, physical, (c) -> read(c, name))
				: core.primaryFacts().cached(KEY + name));
		return (physical == null && facts == null) || (facts != null && facts.takesReturning());
	}

	/**
	 * Whether a statement that Tether had appended {@code RETURNING} to failed because its table
	 * refused it (a {@code DO INSTEAD} rule: {@code 0A000}; row-level security: {@code 42501}),
	 * added since the catalog was read or not seen before the first statement; if so, the table's
	 * statements go without it from now on, and the failure gets a {@link ReturningRefusedException}
	 * note, which {@code @RetryOptimistic} re-runs the transaction for. The failure stays the
	 * statement's, rolled back with its transaction.
	 * @param core the router
	 * @param table the statement's table
	 * @param failure what the statement threw
	 * @return the failure
	 */
	static SQLException refusal(RoutingCore core, String table, SQLException failure) {
		String state = failure.getSQLState();
		String message = String.valueOf(failure.getMessage());
		if (("0A000".equals(state) && message.contains("RETURNING"))
				|| ("42501".equals(state) && message.contains("row-level security"))) {
			core.primaryFacts().replace(KEY + table.toLowerCase(Locale.ROOT), Table.REFUSES);
			if (!ReturningRefusedException.isNotedOn(failure)) {
				ReturningRefusedException note = new ReturningRefusedException(table);
				failure.addSuppressed(note);
				// once per table (its writes go without the clause from now on), beside HikariCP's
				// warning about the connection it drops after the 0A000
				logger.warn(note.getMessage() + " The database said: " + message.lines().findFirst().orElse(""));
			}
		}
		return failure;
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
