package dev.tether.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.tether.sql.SqlDialect;

/**
 * The SQL a bulk update runs that differs between databases: how a chunk's transaction gets its
 * lock timeout, and how a chunk's keys are matched. One implementation per dialect; the run engine
 * ({@link BulkRun}) is the same for all.
 */
interface BulkSql {

	/**
	 * Prepares the chunk's transaction (auto-commit already off, no statement run yet): its lock
	 * timeout, and whatever else keeps one chunk from waiting on the rows of others.
	 * @param connection the chunk's connection
	 * @param lockTimeout the lock timeout ({@code tether.batch.lock-timeout})
	 * @return what undoes session-wide settings once the chunk ended (committed or rolled back);
	 * {@link Restore#NOTHING} where the settings end with the transaction
	 * @throws SQLException when the database refuses a setting
	 */
	Restore begin(Connection connection, Duration lockTimeout) throws SQLException;

	/**
	 * Changes the chunk's rows, re-checking the condition: a row may have stopped matching since
	 * its key was read.
	 * @param connection the chunk's connection
	 * @param change what to change
	 * @param keys the chunk's keys in ascending order, not empty
	 * @return rows changed
	 * @throws SQLException when the update fails
	 */
	long update(Connection connection, BulkSpec change, List<Object> keys) throws SQLException;

	/**
	 * The SQL of a database product, as named by its JDBC metadata.
	 * @param dataSource where the chunks run (asked on the primary)
	 * @return the dialect's SQL
	 * @throws SQLException when no connection can be had
	 * @throws IllegalStateException for a database whose lock timeout Tether does not know
	 */
	static BulkSql of(DataSource dataSource) throws SQLException {
		String product;
		try (Connection connection = dataSource.getConnection()) {
			product = connection.getMetaData().getDatabaseProductName();
		}
		SqlDialect dialect = SqlDialect.fromProductName(product);
		if (dialect == SqlDialect.POSTGRESQL) {
			return new PostgresBulkSql();
		}
		if (dialect == SqlDialect.MYSQL) {
			return new MySqlBulkSql();
		}
		throw new IllegalStateException("BulkUpdate.execute() runs on PostgreSQL, MySQL and MariaDB, not on "
				+ product + ": it sets a lock timeout per chunk, which has no portable SQL. Run the change"
				+ " another way, or set tether.batch.enabled=false to go without the BulkUpdater bean");
	}

	/** Undoes a session setting after a chunk. */
	@FunctionalInterface
	interface Restore {

		/** Nothing to undo: the setting ended with the transaction. */
		Restore NOTHING = (connection) -> {
		};

		/**
		 * Undoes the setting.
		 * @param connection the chunk's connection, after commit or rollback
		 * @throws SQLException when the database refuses
		 */
		void restore(Connection connection) throws SQLException;

	}

}
