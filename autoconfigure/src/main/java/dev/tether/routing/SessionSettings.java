package dev.tether.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The session settings of a logical connection, in one place: recorded when they are made (before
 * any physical connection exists, as Spring does at the start of every transaction), applied to
 * every physical connection the logical one holds, and brought to a fresh one before its first
 * statement. Only settings that differ from the pool's defaults are sent. Not thread-safe, like
 * the connection.
 * <p>
 * A layer of the logical connection ({@link PhysicalConnections} says why layers): the settings are
 * fields of the connection and reach the physical connections it holds now. The methods that record
 * a setting are named {@code record...} so that they cannot be mistaken for, or overridden by, the
 * {@link java.sql.Connection} setters of the layers above.
 */
abstract class SessionSettings extends TransactionPin {

	private boolean autoCommit;

	private boolean readOnly;

	private int isolation;

	/**
	 * The settings that hardly any application changes, apart so that a logical connection that
	 * changes none of them (nearly all) carries one empty field instead of five: {@code null}
	 * until one is set.
	 */
	private Rare rare;

	SessionSettings(RoutingCore core) {
		super(core);
		this.autoCommit = core.defaults().autoCommit();
		this.isolation = core.defaults().transactionIsolation();
	}

	/**
	 * Brings a fresh physical connection to the recorded state; later settings reach it while it is
	 * held. Closes it when a setting fails.
	 */
	@Override
	final void prepare(PhysicalNode node) throws SQLException {
		Connection connection = node.connection();
		try {
			if (!node.isReplica() && this.readOnly) {
				// A replica is read-only by nature; the primary must enforce a read-only transaction.
				connection.setReadOnly(true);
			}
			// the pool's default, kept by the router rather than in a field of every connection
			if (this.isolation != this.core.defaults().transactionIsolation()) {
				connection.setTransactionIsolation(this.isolation);
			}
			if (this.rare != null) {
				this.rare.applyTo(connection);
			}
			if (!this.autoCommit) {
				connection.setAutoCommit(false);
			}
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	final boolean autoCommit() {
		return this.autoCommit;
	}

	/** Records the mode and applies it; the caller ends a transaction that switching it on commits. */
	final void recordAutoCommit(boolean autoCommit) throws SQLException {
		this.autoCommit = autoCommit;
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setAutoCommit(autoCommit);
		}
		Connection replica = heldReplica();
		if (replica != null) {
			replica.setAutoCommit(autoCommit);
		}
	}

	final boolean readOnly() {
		return this.readOnly;
	}

	/** Only the primary is told: a replica is read-only anyway, and the round trip is saved. */
	final void recordReadOnly(boolean readOnly) throws SQLException {
		if (this.readOnly == readOnly) {
			return;
		}
		this.readOnly = readOnly;
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setReadOnly(readOnly);
		}
	}

	final int isolation() {
		return this.isolation;
	}

	final void recordIsolation(int level) throws SQLException {
		if (this.isolation == level) {
			return;
		}
		this.isolation = level;
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setTransactionIsolation(level);
		}
		Connection replica = heldReplica();
		if (replica != null) {
			replica.setTransactionIsolation(level);
		}
	}

	final int holdability() {
		return (this.rare != null && this.rare.holdability != null) ? this.rare.holdability
				: ResultSet.HOLD_CURSORS_OVER_COMMIT;
	}

	final void recordHoldability(int holdability) throws SQLException {
		rare().holdability = holdability;
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setHoldability(holdability);
		}
		Connection replica = heldReplica();
		if (replica != null) {
			replica.setHoldability(holdability);
		}
	}

	final String catalog() {
		return (this.rare != null) ? this.rare.catalog : null;
	}

	final void recordCatalog(String catalog) throws SQLException {
		rare().catalog = catalog;
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setCatalog(catalog);
		}
		Connection replica = heldReplica();
		if (replica != null) {
			replica.setCatalog(catalog);
		}
	}

	/** The schema set on this connection, {@code null} when none was. */
	final String schema() {
		return (this.rare != null) ? this.rare.schema : null;
	}

	final void recordSchema(String schema) throws SQLException {
		rare().schema = schema;
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setSchema(schema);
		}
		Connection replica = heldReplica();
		if (replica != null) {
			replica.setSchema(schema);
		}
	}

	final Map<String, Class<?>> typeMap() {
		return (this.rare != null && this.rare.typeMap != null) ? this.rare.typeMap : new HashMap<>();
	}

	final void recordTypeMap(Map<String, Class<?>> map) throws SQLException {
		rare().typeMap = map;
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setTypeMap(map);
		}
		Connection replica = heldReplica();
		if (replica != null) {
			replica.setTypeMap(map);
		}
	}

	final String clientInfo(String name) {
		return (this.rare != null && this.rare.clientInfo != null) ? this.rare.clientInfo.getProperty(name) : null;
	}

	final Properties clientInfo() {
		Properties copy = new Properties();
		if (this.rare != null && this.rare.clientInfo != null) {
			copy.putAll(this.rare.clientInfo);
		}
		return copy;
	}

	final void recordClientInfo(String name, String value) throws SQLClientInfoException {
		Rare rare = rare();
		if (rare.clientInfo == null) {
			rare.clientInfo = new Properties();
		}
		rare.clientInfo.setProperty(name, value);
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setClientInfo(name, value);
		}
		Connection replica = heldReplica();
		if (replica != null) {
			replica.setClientInfo(name, value);
		}
	}

	final void recordClientInfo(Properties properties) throws SQLClientInfoException {
		Rare rare = rare();
		rare.clientInfo = new Properties();
		rare.clientInfo.putAll(properties);
		Connection primary = heldPrimary();
		if (primary != null) {
			primary.setClientInfo(properties);
		}
		Connection replica = heldReplica();
		if (replica != null) {
			replica.setClientInfo(properties);
		}
	}

	private Rare rare() {
		if (this.rare == null) {
			this.rare = new Rare();
		}
		return this.rare;
	}

	/** Holdability, catalog, schema, type map and client info, as set; {@code null} when not. */
	private static final class Rare {

		private Integer holdability;

		private String catalog;

		private String schema;

		private Map<String, Class<?>> typeMap;

		private Properties clientInfo;

		void applyTo(Connection connection) throws SQLException {
			if (this.holdability != null) {
				connection.setHoldability(this.holdability);
			}
			if (this.catalog != null) {
				connection.setCatalog(this.catalog);
			}
			if (this.schema != null) {
				connection.setSchema(this.schema);
			}
			if (this.typeMap != null) {
				connection.setTypeMap(this.typeMap);
			}
			if (this.clientInfo != null) {
				connection.setClientInfo(this.clientInfo);
			}
		}

	}

}
