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
 */
final class SessionSettings {

	private final int defaultIsolation;

	private boolean autoCommit;

	private boolean readOnly;

	private int isolation;

	/**
	 * The settings that hardly any application changes, apart so that a logical connection that
	 * changes none of them (nearly all) carries one empty field instead of five: {@code null}
	 * until one is set.
	 */
	private Rare rare;

	/** The physical connections the settings apply to: the primary's and a replica's, either may be absent. */
	private Connection primary;

	private Connection replica;

	SessionSettings(TetherDataSource.ConnectionDefaults defaults) {
		this.autoCommit = defaults.autoCommit();
		this.isolation = defaults.transactionIsolation();
		this.defaultIsolation = defaults.transactionIsolation();
	}

	/**
	 * Brings a fresh physical connection to the recorded state, and applies later settings to it
	 * until {@link #released} is called for it. Closes it when a setting fails.
	 */
	void prepare(PhysicalNode node) throws SQLException {
		Connection connection = node.connection();
		try {
			if (!node.isReplica() && this.readOnly) {
				// A replica is read-only by nature; the primary must enforce a read-only transaction.
				connection.setReadOnly(true);
			}
			if (this.isolation != this.defaultIsolation) {
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
		if (node.isReplica()) {
			this.replica = connection;
		}
		else {
			this.primary = connection;
		}
	}

	/** A physical connection was given back: settings no longer apply to it. */
	void released(Connection connection) {
		if (this.primary == connection) {
			this.primary = null;
		}
		if (this.replica == connection) {
			this.replica = null;
		}
	}

	boolean autoCommit() {
		return this.autoCommit;
	}

	/** Records the mode and applies it; the caller ends a transaction that switching it on commits. */
	void setAutoCommit(boolean autoCommit) throws SQLException {
		this.autoCommit = autoCommit;
		if (this.primary != null) {
			this.primary.setAutoCommit(autoCommit);
		}
		if (this.replica != null) {
			this.replica.setAutoCommit(autoCommit);
		}
	}

	boolean readOnly() {
		return this.readOnly;
	}

	/** Only the primary is told: a replica is read-only anyway, and the round trip is saved. */
	void setReadOnly(boolean readOnly) throws SQLException {
		if (this.readOnly == readOnly) {
			return;
		}
		this.readOnly = readOnly;
		if (this.primary != null) {
			this.primary.setReadOnly(readOnly);
		}
	}

	int isolation() {
		return this.isolation;
	}

	void setIsolation(int level) throws SQLException {
		if (this.isolation == level) {
			return;
		}
		this.isolation = level;
		if (this.primary != null) {
			this.primary.setTransactionIsolation(level);
		}
		if (this.replica != null) {
			this.replica.setTransactionIsolation(level);
		}
	}

	int holdability() {
		return (this.rare != null && this.rare.holdability != null) ? this.rare.holdability
				: ResultSet.HOLD_CURSORS_OVER_COMMIT;
	}

	void setHoldability(int holdability) throws SQLException {
		rare().holdability = holdability;
		if (this.primary != null) {
			this.primary.setHoldability(holdability);
		}
		if (this.replica != null) {
			this.replica.setHoldability(holdability);
		}
	}

	String catalog() {
		return (this.rare != null) ? this.rare.catalog : null;
	}

	void setCatalog(String catalog) throws SQLException {
		rare().catalog = catalog;
		if (this.primary != null) {
			this.primary.setCatalog(catalog);
		}
		if (this.replica != null) {
			this.replica.setCatalog(catalog);
		}
	}

	/** The schema set on this connection, {@code null} when none was. */
	String schema() {
		return (this.rare != null) ? this.rare.schema : null;
	}

	void setSchema(String schema) throws SQLException {
		rare().schema = schema;
		if (this.primary != null) {
			this.primary.setSchema(schema);
		}
		if (this.replica != null) {
			this.replica.setSchema(schema);
		}
	}

	Map<String, Class<?>> typeMap() {
		return (this.rare != null && this.rare.typeMap != null) ? this.rare.typeMap : new HashMap<>();
	}

	void setTypeMap(Map<String, Class<?>> map) throws SQLException {
		rare().typeMap = map;
		if (this.primary != null) {
			this.primary.setTypeMap(map);
		}
		if (this.replica != null) {
			this.replica.setTypeMap(map);
		}
	}

	String clientInfo(String name) {
		return (this.rare != null && this.rare.clientInfo != null) ? this.rare.clientInfo.getProperty(name) : null;
	}

	Properties clientInfo() {
		Properties copy = new Properties();
		if (this.rare != null && this.rare.clientInfo != null) {
			copy.putAll(this.rare.clientInfo);
		}
		return copy;
	}

	void setClientInfo(String name, String value) throws SQLClientInfoException {
		Rare rare = rare();
		if (rare.clientInfo == null) {
			rare.clientInfo = new Properties();
		}
		rare.clientInfo.setProperty(name, value);
		if (this.primary != null) {
			this.primary.setClientInfo(name, value);
		}
		if (this.replica != null) {
			this.replica.setClientInfo(name, value);
		}
	}

	void setClientInfo(Properties properties) throws SQLClientInfoException {
		Rare rare = rare();
		rare.clientInfo = new Properties();
		rare.clientInfo.putAll(properties);
		if (this.primary != null) {
			this.primary.setClientInfo(properties);
		}
		if (this.replica != null) {
			this.replica.setClientInfo(properties);
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
