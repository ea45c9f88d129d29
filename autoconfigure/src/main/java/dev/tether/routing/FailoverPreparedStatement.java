package dev.tether.routing;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * The first prepared statement of a read routed to a replica. If the replica's connection breaks
 * when it executes (the replica died since the connection was pooled), nothing of the read has
 * been seen yet, so it is safe to run it elsewhere: {@link ReplicaFailover} marks the replica down
 * and moves the logical connection to another replica or the primary, and the statement is
 * prepared there again ({@link PreparedForm}) with the same settings and parameters, then executed.
 * After the first execution it only forwards.
 * <p>
 * Until then every setter is recorded: the first in two fields, the others in {@link RecordedSetters},
 * taken at the second. Written out rather than a reflective proxy so that the first statement of
 * every read costs one small object and no reflection; the operation numbers of the setters below are the ones
 * {@link RecordedSetters#replay} knows.
 */
final class FailoverPreparedStatement extends ForwardingPreparedStatement<PreparedStatement> {

	/**
	 * How the statement was prepared, to prepare it again elsewhere; {@code null} once the first
	 * execution or batch ended the recording. Doubling as the recording flag (and the owner being
	 * the base class's connection) keeps this wrapper at 40 bytes: one is made for every read-only
	 * transaction, within issue 11's allocation budget.
	 */
	private PreparedForm form;

	private final String sql;

	/**
	 * The first setter (operation and index packed as {@link RecordedSetters} packs them, -1 for
	 * none) and its value, held here: a primary-key read has one parameter, and needs no more.
	 */
	private int firstSetter = -1;

	private Object firstValue;

	/** The setters after the first, {@code null} until there is a second. */
	private RecordedSetters moreSetters;

	FailoverPreparedStatement(RoutingConnection owner, PreparedStatement delegate, String sql, PreparedForm form) {
		super(owner, delegate);
		this.sql = sql;
		this.form = form;
	}

	@Override
	public ResultSet executeQuery() throws SQLException {
		try {
			if (!recording()) {
				return this.delegate.executeQuery();
			}
			try {
				return this.delegate.executeQuery();
			}
			catch (SQLException ex) {
				return failOver(ex).executeQuery();
			}
			finally {
				stopRecording();
			}
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public boolean execute() throws SQLException {
		try {
			if (!recording()) {
				return this.delegate.execute();
			}
			try {
				return this.delegate.execute();
			}
			catch (SQLException ex) {
				return failOver(ex).execute();
			}
			finally {
				stopRecording();
			}
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int executeUpdate() throws SQLException {
		try {
			if (!recording()) {
				return this.delegate.executeUpdate();
			}
			try {
				return this.delegate.executeUpdate();
			}
			catch (SQLException ex) {
				return failOver(ex).executeUpdate();
			}
			finally {
				stopRecording();
			}
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		try {
			if (!recording()) {
				return this.delegate.executeLargeUpdate();
			}
			try {
				return this.delegate.executeLargeUpdate();
			}
			catch (SQLException ex) {
				return failOver(ex).executeLargeUpdate();
			}
			finally {
				stopRecording();
			}
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public void addBatch() throws SQLException {
		// batches are writes; a read has none, and replaying one is not worth the risk
		stopRecording();
		this.delegate.addBatch();
	}

	@Override
	public int[] executeBatch() throws SQLException {
		stopRecording();
		try {
			return this.delegate.executeBatch();
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	@Override
	public long[] executeLargeBatch() throws SQLException {
		stopRecording();
		try {
			return this.delegate.executeLargeBatch();
		}
		catch (SQLException ex) {
			throw failed(ex);
		}
	}

	/**
	 * The replica's connection broke before anything was read: prepares the statement again on the
	 * node the read moves to, with the recorded setters; any other failure is thrown as it is.
	 */
	private PreparedStatement failOver(SQLException ex) throws SQLException {
		if (!BrokenConnections.isBroken(ex)) {
			throw ex;
		}
		// the connection is the routing one that made this statement
		Connection moved = ((RoutingConnection) getConnection()).failover(ex);
		this.delegate.close();
		this.delegate = this.form.prepare(moved, this.sql);
		replaySetters(this.delegate);
		return this.delegate;
	}

	/** Calls the recorded setters again, in order, on another statement. */
	void replaySetters(PreparedStatement target) throws SQLException {
		if (this.firstSetter != -1) {
			RecordedSetters.replay(target, this.firstSetter, this.firstValue);
		}
		if (this.moreSetters != null) {
			this.moreSetters.replay(target);
		}
	}

	/** Whether setters are still recorded: until the first execution or batch. */
	private boolean recording() {
		return this.form != null;
	}

	private void stopRecording() {
		this.form = null;
		this.firstSetter = -1;
		this.firstValue = null;
		this.moreSetters = null;
	}

	private void record(int operation, int index, Object value) {
		if (this.firstSetter == -1) {
			this.firstSetter = RecordedSetters.pack(operation, index);
			this.firstValue = value;
			return;
		}
		if (this.moreSetters == null) {
			this.moreSetters = new RecordedSetters();
		}
		this.moreSetters.add(operation, index, value);
	}

	@Override
	public void clearParameters() throws SQLException {
		this.delegate.clearParameters();
		if (recording()) {
			record(0, 0, null);
		}
	}

	@Override
	public void setArray(int parameterIndex, Array x) throws SQLException {
		this.delegate.setArray(parameterIndex, x);
		if (recording()) {
			record(1, parameterIndex, x);
		}
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
		this.delegate.setAsciiStream(parameterIndex, x, length);
		if (recording()) {
			record(2, parameterIndex, new Object[] { x, length });
		}
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
		this.delegate.setAsciiStream(parameterIndex, x, length);
		if (recording()) {
			record(3, parameterIndex, new Object[] { x, length });
		}
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
		this.delegate.setAsciiStream(parameterIndex, x);
		if (recording()) {
			record(4, parameterIndex, x);
		}
	}

	@Override
	public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
		this.delegate.setBigDecimal(parameterIndex, x);
		if (recording()) {
			record(5, parameterIndex, x);
		}
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
		this.delegate.setBinaryStream(parameterIndex, x, length);
		if (recording()) {
			record(6, parameterIndex, new Object[] { x, length });
		}
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
		this.delegate.setBinaryStream(parameterIndex, x, length);
		if (recording()) {
			record(7, parameterIndex, new Object[] { x, length });
		}
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
		this.delegate.setBinaryStream(parameterIndex, x);
		if (recording()) {
			record(8, parameterIndex, x);
		}
	}

	@Override
	public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
		this.delegate.setBlob(parameterIndex, inputStream, length);
		if (recording()) {
			record(9, parameterIndex, new Object[] { inputStream, length });
		}
	}

	@Override
	public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
		this.delegate.setBlob(parameterIndex, inputStream);
		if (recording()) {
			record(10, parameterIndex, inputStream);
		}
	}

	@Override
	public void setBlob(int parameterIndex, Blob x) throws SQLException {
		this.delegate.setBlob(parameterIndex, x);
		if (recording()) {
			record(11, parameterIndex, x);
		}
	}

	@Override
	public void setBoolean(int parameterIndex, boolean x) throws SQLException {
		this.delegate.setBoolean(parameterIndex, x);
		if (recording()) {
			record(12, parameterIndex, x);
		}
	}

	@Override
	public void setByte(int parameterIndex, byte x) throws SQLException {
		this.delegate.setByte(parameterIndex, x);
		if (recording()) {
			record(13, parameterIndex, x);
		}
	}

	@Override
	public void setBytes(int parameterIndex, byte[] x) throws SQLException {
		this.delegate.setBytes(parameterIndex, x);
		if (recording()) {
			record(14, parameterIndex, x);
		}
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
		this.delegate.setCharacterStream(parameterIndex, reader, length);
		if (recording()) {
			record(15, parameterIndex, new Object[] { reader, length });
		}
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
		this.delegate.setCharacterStream(parameterIndex, reader, length);
		if (recording()) {
			record(16, parameterIndex, new Object[] { reader, length });
		}
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
		this.delegate.setCharacterStream(parameterIndex, reader);
		if (recording()) {
			record(17, parameterIndex, reader);
		}
	}

	@Override
	public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
		this.delegate.setClob(parameterIndex, reader, length);
		if (recording()) {
			record(18, parameterIndex, new Object[] { reader, length });
		}
	}

	@Override
	public void setClob(int parameterIndex, Reader reader) throws SQLException {
		this.delegate.setClob(parameterIndex, reader);
		if (recording()) {
			record(19, parameterIndex, reader);
		}
	}

	@Override
	public void setClob(int parameterIndex, Clob x) throws SQLException {
		this.delegate.setClob(parameterIndex, x);
		if (recording()) {
			record(20, parameterIndex, x);
		}
	}

	@Override
	public void setCursorName(String name) throws SQLException {
		this.delegate.setCursorName(name);
		if (recording()) {
			record(21, 0, name);
		}
	}

	@Override
	public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
		this.delegate.setDate(parameterIndex, x, cal);
		if (recording()) {
			record(22, parameterIndex, new Object[] { x, cal });
		}
	}

	@Override
	public void setDate(int parameterIndex, Date x) throws SQLException {
		this.delegate.setDate(parameterIndex, x);
		if (recording()) {
			record(23, parameterIndex, x);
		}
	}

	@Override
	public void setDouble(int parameterIndex, double x) throws SQLException {
		this.delegate.setDouble(parameterIndex, x);
		if (recording()) {
			record(24, parameterIndex, x);
		}
	}

	@Override
	public void setEscapeProcessing(boolean enable) throws SQLException {
		this.delegate.setEscapeProcessing(enable);
		if (recording()) {
			record(25, 0, enable);
		}
	}

	@Override
	public void setFetchDirection(int direction) throws SQLException {
		this.delegate.setFetchDirection(direction);
		if (recording()) {
			record(26, 0, direction);
		}
	}

	@Override
	public void setFetchSize(int rows) throws SQLException {
		this.delegate.setFetchSize(rows);
		if (recording()) {
			record(27, 0, rows);
		}
	}

	@Override
	public void setFloat(int parameterIndex, float x) throws SQLException {
		this.delegate.setFloat(parameterIndex, x);
		if (recording()) {
			record(28, parameterIndex, x);
		}
	}

	@Override
	public void setInt(int parameterIndex, int x) throws SQLException {
		this.delegate.setInt(parameterIndex, x);
		if (recording()) {
			record(29, parameterIndex, x);
		}
	}

	@Override
	public void setLargeMaxRows(long max) throws SQLException {
		this.delegate.setLargeMaxRows(max);
		if (recording()) {
			record(30, 0, max);
		}
	}

	@Override
	public void setLong(int parameterIndex, long x) throws SQLException {
		this.delegate.setLong(parameterIndex, x);
		if (recording()) {
			record(31, parameterIndex, x);
		}
	}

	@Override
	public void setMaxFieldSize(int max) throws SQLException {
		this.delegate.setMaxFieldSize(max);
		if (recording()) {
			record(32, 0, max);
		}
	}

	@Override
	public void setMaxRows(int max) throws SQLException {
		this.delegate.setMaxRows(max);
		if (recording()) {
			record(33, 0, max);
		}
	}

	@Override
	public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
		this.delegate.setNCharacterStream(parameterIndex, value, length);
		if (recording()) {
			record(34, parameterIndex, new Object[] { value, length });
		}
	}

	@Override
	public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
		this.delegate.setNCharacterStream(parameterIndex, value);
		if (recording()) {
			record(35, parameterIndex, value);
		}
	}

	@Override
	public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
		this.delegate.setNClob(parameterIndex, reader, length);
		if (recording()) {
			record(36, parameterIndex, new Object[] { reader, length });
		}
	}

	@Override
	public void setNClob(int parameterIndex, Reader reader) throws SQLException {
		this.delegate.setNClob(parameterIndex, reader);
		if (recording()) {
			record(37, parameterIndex, reader);
		}
	}

	@Override
	public void setNClob(int parameterIndex, NClob value) throws SQLException {
		this.delegate.setNClob(parameterIndex, value);
		if (recording()) {
			record(38, parameterIndex, value);
		}
	}

	@Override
	public void setNString(int parameterIndex, String value) throws SQLException {
		this.delegate.setNString(parameterIndex, value);
		if (recording()) {
			record(39, parameterIndex, value);
		}
	}

	@Override
	public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
		this.delegate.setNull(parameterIndex, sqlType, typeName);
		if (recording()) {
			record(40, parameterIndex, new Object[] { sqlType, typeName });
		}
	}

	@Override
	public void setNull(int parameterIndex, int sqlType) throws SQLException {
		this.delegate.setNull(parameterIndex, sqlType);
		if (recording()) {
			record(41, parameterIndex, sqlType);
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
		this.delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
		if (recording()) {
			record(42, parameterIndex, new Object[] { x, targetSqlType, scaleOrLength });
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
		this.delegate.setObject(parameterIndex, x, targetSqlType);
		if (recording()) {
			record(43, parameterIndex, new Object[] { x, targetSqlType });
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		this.delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
		if (recording()) {
			record(44, parameterIndex, new Object[] { x, targetSqlType, scaleOrLength });
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
		this.delegate.setObject(parameterIndex, x, targetSqlType);
		if (recording()) {
			record(45, parameterIndex, new Object[] { x, targetSqlType });
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x) throws SQLException {
		this.delegate.setObject(parameterIndex, x);
		if (recording()) {
			record(46, parameterIndex, x);
		}
	}

	@Override
	public void setPoolable(boolean poolable) throws SQLException {
		this.delegate.setPoolable(poolable);
		if (recording()) {
			record(47, 0, poolable);
		}
	}

	@Override
	public void setQueryTimeout(int seconds) throws SQLException {
		this.delegate.setQueryTimeout(seconds);
		if (recording()) {
			record(48, 0, seconds);
		}
	}

	@Override
	public void setRef(int parameterIndex, Ref x) throws SQLException {
		this.delegate.setRef(parameterIndex, x);
		if (recording()) {
			record(49, parameterIndex, x);
		}
	}

	@Override
	public void setRowId(int parameterIndex, RowId x) throws SQLException {
		this.delegate.setRowId(parameterIndex, x);
		if (recording()) {
			record(50, parameterIndex, x);
		}
	}

	@Override
	public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
		this.delegate.setSQLXML(parameterIndex, xmlObject);
		if (recording()) {
			record(51, parameterIndex, xmlObject);
		}
	}

	@Override
	public void setShort(int parameterIndex, short x) throws SQLException {
		this.delegate.setShort(parameterIndex, x);
		if (recording()) {
			record(52, parameterIndex, x);
		}
	}

	@Override
	public void setString(int parameterIndex, String x) throws SQLException {
		this.delegate.setString(parameterIndex, x);
		if (recording()) {
			record(53, parameterIndex, x);
		}
	}

	@Override
	public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
		this.delegate.setTime(parameterIndex, x, cal);
		if (recording()) {
			record(54, parameterIndex, new Object[] { x, cal });
		}
	}

	@Override
	public void setTime(int parameterIndex, Time x) throws SQLException {
		this.delegate.setTime(parameterIndex, x);
		if (recording()) {
			record(55, parameterIndex, x);
		}
	}

	@Override
	public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
		this.delegate.setTimestamp(parameterIndex, x, cal);
		if (recording()) {
			record(56, parameterIndex, new Object[] { x, cal });
		}
	}

	@Override
	public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
		this.delegate.setTimestamp(parameterIndex, x);
		if (recording()) {
			record(57, parameterIndex, x);
		}
	}

	@Override
	public void setURL(int parameterIndex, URL x) throws SQLException {
		this.delegate.setURL(parameterIndex, x);
		if (recording()) {
			record(58, parameterIndex, x);
		}
	}

	@Override
	public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
		this.delegate.setUnicodeStream(parameterIndex, x, length);
		if (recording()) {
			record(59, parameterIndex, new Object[] { x, length });
		}
	}

}
