package dev.tether.routing;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;

/**
 * The setters a {@link FailoverPreparedStatement} was given before its first execution, to call
 * again on the statement that replaces it: the operation number (high 8 bits, the order of the
 * setters in {@code FailoverPreparedStatement}) with the parameter index (low 24 bits), and the
 * value (an {@code Object[]} for setters of several arguments). The statement holds the first
 * setter itself; these are the ones after it.
 */
final class RecordedSetters {

	private int[] operations = new int[4];

	private Object[] values = new Object[4];

	private int size;

	/** One int for a setter: its operation number (high 8 bits) and parameter index (low 24 bits). */
	static int pack(int operation, int index) {
		return (operation << 24) | index;
	}

	void add(int operation, int index, Object value) {
		if (this.size == this.operations.length) {
			this.operations = Arrays.copyOf(this.operations, this.size * 2);
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.operations[this.size] = pack(operation, index);
		this.values[this.size] = value;
		this.size++;
	}

	/** Calls the recorded setters again, in order, on another statement. */
	void replay(PreparedStatement target) throws SQLException {
		for (int i = 0; i < this.size; i++) {
			replay(target, this.operations[i], this.values[i]);
		}
	}

	/** Calls one recorded setter again: {@code packed} as {@link #pack} made it. */
	static void replay(PreparedStatement target, int packed, Object value) throws SQLException {
		replay(target, packed >>> 24, packed & 0xFFFFFF, value);
	}

	private static void replay(PreparedStatement target, int operation, int index, Object value) throws SQLException {
		switch (operation) {
			case 0 -> target.clearParameters();
			case 1 -> target.setArray(index, (Array) value);
			case 2 -> {
				Object[] values = (Object[]) value;
				target.setAsciiStream(index, (InputStream) values[0], (Integer) values[1]);
			}
			case 3 -> {
				Object[] values = (Object[]) value;
				target.setAsciiStream(index, (InputStream) values[0], (Long) values[1]);
			}
			case 4 -> target.setAsciiStream(index, (InputStream) value);
			case 5 -> target.setBigDecimal(index, (BigDecimal) value);
			case 6 -> {
				Object[] values = (Object[]) value;
				target.setBinaryStream(index, (InputStream) values[0], (Integer) values[1]);
			}
			case 7 -> {
				Object[] values = (Object[]) value;
				target.setBinaryStream(index, (InputStream) values[0], (Long) values[1]);
			}
			case 8 -> target.setBinaryStream(index, (InputStream) value);
			case 9 -> {
				Object[] values = (Object[]) value;
				target.setBlob(index, (InputStream) values[0], (Long) values[1]);
			}
			case 10 -> target.setBlob(index, (InputStream) value);
			case 11 -> target.setBlob(index, (Blob) value);
			case 12 -> target.setBoolean(index, (Boolean) value);
			case 13 -> target.setByte(index, (Byte) value);
			case 14 -> target.setBytes(index, (byte[]) value);
			case 15 -> {
				Object[] values = (Object[]) value;
				target.setCharacterStream(index, (Reader) values[0], (Integer) values[1]);
			}
			case 16 -> {
				Object[] values = (Object[]) value;
				target.setCharacterStream(index, (Reader) values[0], (Long) values[1]);
			}
			case 17 -> target.setCharacterStream(index, (Reader) value);
			case 18 -> {
				Object[] values = (Object[]) value;
				target.setClob(index, (Reader) values[0], (Long) values[1]);
			}
			case 19 -> target.setClob(index, (Reader) value);
			case 20 -> target.setClob(index, (Clob) value);
			case 21 -> target.setCursorName((String) value);
			case 22 -> {
				Object[] values = (Object[]) value;
				target.setDate(index, (Date) values[0], (Calendar) values[1]);
			}
			case 23 -> target.setDate(index, (Date) value);
			case 24 -> target.setDouble(index, (Double) value);
			case 25 -> target.setEscapeProcessing((Boolean) value);
			case 26 -> target.setFetchDirection((Integer) value);
			case 27 -> target.setFetchSize((Integer) value);
			case 28 -> target.setFloat(index, (Float) value);
			case 29 -> target.setInt(index, (Integer) value);
			case 30 -> target.setLargeMaxRows((Long) value);
			case 31 -> target.setLong(index, (Long) value);
			case 32 -> target.setMaxFieldSize((Integer) value);
			case 33 -> target.setMaxRows((Integer) value);
			case 34 -> {
				Object[] values = (Object[]) value;
				target.setNCharacterStream(index, (Reader) values[0], (Long) values[1]);
			}
			case 35 -> target.setNCharacterStream(index, (Reader) value);
			case 36 -> {
				Object[] values = (Object[]) value;
				target.setNClob(index, (Reader) values[0], (Long) values[1]);
			}
			case 37 -> target.setNClob(index, (Reader) value);
			case 38 -> target.setNClob(index, (NClob) value);
			case 39 -> target.setNString(index, (String) value);
			case 40 -> {
				Object[] values = (Object[]) value;
				target.setNull(index, (Integer) values[0], (String) values[1]);
			}
			case 41 -> target.setNull(index, (Integer) value);
			case 42 -> {
				Object[] values = (Object[]) value;
				target.setObject(index, (Object) values[0], (Integer) values[1], (Integer) values[2]);
			}
			case 43 -> {
				Object[] values = (Object[]) value;
				target.setObject(index, (Object) values[0], (Integer) values[1]);
			}
			case 44 -> {
				Object[] values = (Object[]) value;
				target.setObject(index, (Object) values[0], (SQLType) values[1], (Integer) values[2]);
			}
			case 45 -> {
				Object[] values = (Object[]) value;
				target.setObject(index, (Object) values[0], (SQLType) values[1]);
			}
			case 46 -> target.setObject(index, (Object) value);
			case 47 -> target.setPoolable((Boolean) value);
			case 48 -> target.setQueryTimeout((Integer) value);
			case 49 -> target.setRef(index, (Ref) value);
			case 50 -> target.setRowId(index, (RowId) value);
			case 51 -> target.setSQLXML(index, (SQLXML) value);
			case 52 -> target.setShort(index, (Short) value);
			case 53 -> target.setString(index, (String) value);
			case 54 -> {
				Object[] values = (Object[]) value;
				target.setTime(index, (Time) values[0], (Calendar) values[1]);
			}
			case 55 -> target.setTime(index, (Time) value);
			case 56 -> {
				Object[] values = (Object[]) value;
				target.setTimestamp(index, (Timestamp) values[0], (Calendar) values[1]);
			}
			case 57 -> target.setTimestamp(index, (Timestamp) value);
			case 58 -> target.setURL(index, (URL) value);
			case 59 -> {
				Object[] values = (Object[]) value;
				target.setUnicodeStream(index, (InputStream) values[0], (Integer) values[1]);
			}
			default -> throw new IllegalStateException("Unknown recorded setter " + operation);
		}
	}

}
