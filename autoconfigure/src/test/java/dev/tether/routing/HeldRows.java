package dev.tether.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Asks the database whether another transaction holds a row's lock, from a connection outside
 * Tether: {@code FOR UPDATE NOWAIT} fails at once while one does (PostgreSQL 55P03, MySQL 8 error
 * 3572, MariaDB error 1205) and takes the lock otherwise, which is given back at once. For the
 * tests of {@link RowLockFirst} and of the retries that use it.
 */
public final class HeldRows {

	private HeldRows() {
	}

	/**
	 * Returns whether another transaction holds the row.
	 * @param outside a connection of the test's own, in auto-commit mode; left so
	 * @param table the table, qualified where the connection has no default database
	 * @param id the row's key in its {@code id} column
	 * @return {@code true} while another transaction holds the row's lock
	 * @throws SQLException on any other failure
	 */
	public static boolean heldElsewhere(Connection outside, String table, long id) throws SQLException {
		outside.setAutoCommit(false);
		try (PreparedStatement lock = outside.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ? FOR UPDATE NOWAIT")) {
			lock.setLong(1, id);
			lock.executeQuery().close();
			return false;
		}
		catch (SQLException ex) {
			if ("55P03".equals(ex.getSQLState()) || ex.getErrorCode() == 3572 || ex.getErrorCode() == 1205) {
				return true;
			}
			throw ex;
		}
		finally {
			outside.rollback();
			outside.setAutoCommit(true);
		}
	}

}
