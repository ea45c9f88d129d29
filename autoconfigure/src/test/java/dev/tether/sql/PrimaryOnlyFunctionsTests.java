package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.PostgresNode;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Asks a real hot standby which built-in PostgreSQL functions it refuses to run because it is in
 * recovery, and checks that the classifier sends every one of them to the primary. The set is
 * derived, not guessed: every function of {@code pg_catalog} whose arguments are of a simple type
 * is called once on the standby (never on the primary), as the superuser so that privilege checks
 * do not hide the recovery check, each in a transaction that is rolled back, with a statement
 * timeout. A new PostgreSQL version that adds such a function fails this test until the function
 * is listed in {@link SqlKeywords#POSTGRES_PRIMARY_ONLY_FUNCTIONS}.
 */
class PrimaryOnlyFunctionsTests {

	/**
	 * Functions never called, on any node, because calling them on the shared standby would hurt it
	 * or the other tests of the JVM even inside a rolled-back transaction: they end recovery, pause
	 * or resume replay, signal, cancel or end backends, reload or rotate the server's files, create or
	 * drop replication slots or consume their changes (slots persist past a rollback), start or stop
	 * a backup, reset statistics, write server files, or only sleep. None of them is refused by a
	 * standby for being one (promotion and replay control only work on a standby, the others on both),
	 * so leaving them out hides no primary-only function.
	 */
	private static final Set<String> NEVER_CALLED = Set.of("pg_promote", "pg_wal_replay_pause",
			"pg_wal_replay_resume", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
			"pg_rotate_logfile_old", "pg_log_backend_memory_contexts", "pg_create_physical_replication_slot",
			"pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_copy_physical_replication_slot",
			"pg_copy_logical_replication_slot", "pg_replication_slot_advance", "pg_logical_slot_get_changes",
			"pg_logical_slot_peek_changes", "pg_logical_slot_get_binary_changes", "pg_logical_slot_peek_binary_changes",
			"pg_sync_replication_slots", "pg_backup_start", "pg_backup_stop", "pg_start_backup", "pg_stop_backup",
			"lo_export", "pg_sleep",
			"pg_sleep_for", "pg_sleep_until");

	/** Prefixes of {@link #NEVER_CALLED} families. */
	private static final List<String> NEVER_CALLED_PREFIXES = List.of("pg_stat_reset");

	/**
	 * The argument values supplied, by type: harmless, non-null (strict functions would skip their
	 * body on a null), and rejected quickly where they name something (no relation, file or object is
	 * named 'tether_probe'; object id 0 names nothing).
	 */
	private static final Map<String, String> VALUES = Map.ofEntries(Map.entry("boolean", "false"),
			Map.entry("smallint", "0::smallint"), Map.entry("integer", "0"), Map.entry("bigint", "0::bigint"),
			Map.entry("oid", "0::oid"), Map.entry("real", "0::real"), Map.entry("double precision", "0::float8"),
			Map.entry("numeric", "0::numeric"), Map.entry("text", "'tether_probe'::text"),
			Map.entry("name", "'tether_probe'::name"), Map.entry("character varying", "'tether_probe'::varchar"),
			Map.entry("character", "'t'::char"), Map.entry("\"char\"", "'t'::\"char\""),
			Map.entry("pg_lsn", "'0/0'::pg_lsn"), Map.entry("bytea", "'\\x'::bytea"),
			Map.entry("regnamespace", "'pg_catalog'::regnamespace"), Map.entry("regtype", "'integer'::regtype"),
			Map.entry("xid", "'0'::xid"), Map.entry("xid8", "'0'::xid8"), Map.entry("interval", "'0 s'::interval"),
			Map.entry("timestamp with time zone", "'epoch'::timestamptz"),
			Map.entry("timestamp without time zone", "'epoch'::timestamp"), Map.entry("date", "'epoch'::date"),
			Map.entry("jsonb", "'{}'::jsonb"), Map.entry("json", "'{}'::json"));

	/**
	 * Relations supplied for {@code regclass} arguments, each function being called with each: a
	 * table, and the kinds of relation whose functions check the argument's kind before they check
	 * for recovery (sequences for {@code nextval}, a GIN index for {@code gin_clean_pending_list}, ...).
	 * The test's own objects are created on the primary by {@link #createProbeObjects}.
	 */
	private static final List<String> RELATIONS = List.of("'pg_catalog.pg_class'::regclass",
			"'tether_probe.seq'::regclass", "'tether_probe.gin_index'::regclass", "'tether_probe.brin_index'::regclass",
			"'tether_probe.btree_index'::regclass");

	/** Return types of functions that cannot be called from SQL at all. */
	private static final Set<String> UNCALLABLE_RETURN_TYPES = Set.of("trigger", "event_trigger", "internal",
			"language_handler", "fdw_handler", "index_am_handler", "tsm_handler", "table_am_handler");

	/** Function name to the SQL of the call the standby refused. */
	private static Map<String, String> refused;

	private static int called;

	@BeforeAll
	static void askTheStandby() throws SQLException {
		createProbeObjects();
		PostgresNode standby = SharedReplicatedPostgres.get().replica(0);
		try (Connection connection = standby.openSuperuserConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("set statement_timeout = '2s'");
				statement.execute("set lock_timeout = '1s'");
				try (ResultSet rs = statement.executeQuery("select pg_is_in_recovery()")) {
					rs.next();
					assertThat(rs.getBoolean(1)).as("the node asked is a standby").isTrue();
				}
			}
			List<String[]> calls = calls(connection);
			connection.setAutoCommit(false);
			refused = new TreeMap<>();
			for (String[] call : calls) {
				String name = call[0];
				String sql = call[1];
				try (Statement statement = connection.createStatement()) {
					statement.execute(sql);
				}
				catch (SQLException ex) {
					if (isRecoveryRefusal(ex)) {
						refused.putIfAbsent(name, sql);
					}
				}
				finally {
					connection.rollback();
				}
			}
			called = calls.size();
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("select 1")) {
				assertThat(rs.next()).as("the session survived every call").isTrue();
			}
		}
	}

	/** The relations of {@link #RELATIONS} that this test owns, created on the primary and replicated. */
	private static void createProbeObjects() throws SQLException {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		try (Connection connection = cluster.primary().openSuperuserConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create schema if not exists tether_probe");
			statement.execute("create sequence if not exists tether_probe.seq");
			statement.execute("create table if not exists tether_probe.t (id int, tags int[])");
			statement.execute("create index if not exists gin_index on tether_probe.t using gin (tags)");
			statement.execute("create index if not exists brin_index on tether_probe.t using brin (id)");
			statement.execute("create index if not exists btree_index on tether_probe.t (id)");
		}
		cluster.awaitReplicasCaughtUp(Duration.ofSeconds(30));
	}

	/** One call per callable built-in function: its name and the SQL of the call. */
	private static List<String[]> calls(Connection connection) throws SQLException {
		List<String[]> calls = new ArrayList<>();
		String catalog = "select p.proname, format_type(p.prorettype, null),"
				+ " array(select format_type(t, null) from unnest(p.proargtypes) with ordinality u(t, i) order by i)"
				+ " from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
				+ " where n.nspname = 'pg_catalog' and p.prokind = 'f' and p.provariadic = 0 order by p.proname, p.oid";
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(catalog)) {
			while (rs.next()) {
				String name = rs.getString(1);
				if (NEVER_CALLED.contains(name) || NEVER_CALLED_PREFIXES.stream().anyMatch(name::startsWith)
						|| UNCALLABLE_RETURN_TYPES.contains(rs.getString(2))) {
					continue;
				}
				String[] types = (String[]) rs.getArray(3).getArray();
				for (String arguments : arguments(types)) {
					calls.add(new String[] { name, "select pg_catalog.\"" + name + "\"(" + arguments + ")" });
				}
			}
		}
		return calls;
	}

	/**
	 * The argument lists of the calls of a function with these argument types: one list, or one per
	 * relation of {@link #RELATIONS} for each {@code regclass} argument; none when a type has no value.
	 */
	private static List<String> arguments(String[] types) {
		List<String> lists = new ArrayList<>(List.of(""));
		for (String type : types) {
			List<String> values = "regclass".equals(type) ? RELATIONS
					: (VALUES.containsKey(type) ? List.of(VALUES.get(type)) : List.of());
			List<String> longer = new ArrayList<>();
			for (String list : lists) {
				for (String value : values) {
					longer.add(list.isEmpty() ? value : list + ", " + value);
				}
			}
			lists = longer;
		}
		return lists;
	}

	/**
	 * Whether the standby refused the call for being a standby: "cannot execute ... during recovery"
	 * or "... in a read-only transaction" (25006, every transaction of a standby is read-only),
	 * "recovery is in progress" (55000), "cannot assign TransactionIds during recovery". Other errors
	 * (bad arguments, missing objects) say nothing about the node, and a 55000 without recovery in
	 * its message ("lastval is not yet defined in this session") would be answered alike by a primary.
	 */
	private static boolean isRecoveryRefusal(SQLException ex) {
		String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		return "25006".equals(ex.getSQLState()) || message.contains("recovery");
	}

	@Test
	void theStandbyIsAskedAboutTheBuiltInFunctionsAndRefusesTheWalControlOnes() {
		assertThat(called).as("built-in functions called on the standby").isGreaterThan(1000);
		assertThat(refused).containsKeys("pg_current_wal_lsn", "pg_switch_wal", "pg_create_restore_point");
	}

	@Test
	void everyFunctionTheStandbyRefusesIsClassifiedAsAWrite() {
		SqlClassifier postgres = SqlClassifier.postgres();
		for (Map.Entry<String, String> call : refused.entrySet()) {
			String unqualified = call.getValue().replace("pg_catalog.\"" + call.getKey() + "\"", call.getKey());
			assertThat(postgres.classify(call.getValue())).as(call.getValue()).isEqualTo(SqlKind.WRITE);
			assertThat(postgres.classify(unqualified)).as(unqualified).isEqualTo(SqlKind.WRITE);
			assertThat(postgres.classify(unqualified.toUpperCase(Locale.ROOT))).as(unqualified).isEqualTo(SqlKind.WRITE);
		}
	}

	@Test
	void everyListedPrimaryOnlyFunctionIsOneTheStandbyRefuses() {
		// the list is what the standby answers, not a guess: a name it does not refuse is a mistake
		Set<String> listed = new TreeSet<>(SqlKeywords.POSTGRES_PRIMARY_ONLY_FUNCTIONS);
		assertThat(refused.keySet()).as("refused by the standby").containsAll(listed);
	}

}
