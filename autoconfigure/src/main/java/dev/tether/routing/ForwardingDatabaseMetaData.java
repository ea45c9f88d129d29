package dev.tether.routing;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * Forwards every {@link DatabaseMetaData} method, with the contract of {@link ForwardingStatement}:
 * {@link #getConnection()} is the logical connection, {@code unwrap}/{@code isWrapperFor} answer for
 * the wrapper first, identity equality, the driver's exceptions as thrown. The metadata to forward
 * to is asked for at each call ({@link #delegate()}), so that a subclass can defer taking a
 * physical connection; the argument-free scalar facts (names, versions, limits, supported features)
 * go through {@link #scalar(String, Fact)}, which a subclass may answer from a cache.
 * <p>
 * Written out once for the same reasons as {@link ForwardingStatement}.
 */
abstract class ForwardingDatabaseMetaData implements DatabaseMetaData {

	private final Connection connection;

	ForwardingDatabaseMetaData(Connection connection) {
		this.connection = connection;
	}

	/** The driver's metadata to forward to. */
	abstract DatabaseMetaData delegate() throws SQLException;

	/**
	 * An argument-free fact that is a primitive or a string.
	 * @param name the method's name, a key for a cache
	 * @param fact how to read it from the driver's metadata
	 */
	Object scalar(String name, Fact fact) throws SQLException {
		return fact.read(delegate());
	}

	/**
	 * A scalar fact whose method declares no {@code SQLException} (the driver's version): a failure
	 * to read it, which can only be one to take a connection, is thrown unchecked.
	 */
	private Object driverScalar(String name, Fact fact) {
		try {
			return scalar(name, fact);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read " + name + " of the primary's metadata", ex);
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.connection;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> iface) throws SQLException {
		return iface.isInstance(this) ? (T) this : delegate().unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || delegate().isWrapperFor(iface);
	}

	@Override
	public boolean allProceduresAreCallable() throws SQLException {
		return (Boolean) scalar("allProceduresAreCallable", DatabaseMetaData::allProceduresAreCallable);
	}

	@Override
	public boolean allTablesAreSelectable() throws SQLException {
		return (Boolean) scalar("allTablesAreSelectable", DatabaseMetaData::allTablesAreSelectable);
	}

	@Override
	public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
		return (Boolean) scalar("autoCommitFailureClosesAllResultSets", DatabaseMetaData::autoCommitFailureClosesAllResultSets);
	}

	@Override
	public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
		return (Boolean) scalar("dataDefinitionCausesTransactionCommit", DatabaseMetaData::dataDefinitionCausesTransactionCommit);
	}

	@Override
	public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
		return (Boolean) scalar("dataDefinitionIgnoredInTransactions", DatabaseMetaData::dataDefinitionIgnoredInTransactions);
	}

	@Override
	public boolean deletesAreDetected(int type) throws SQLException {
		return delegate().deletesAreDetected(type);
	}

	@Override
	public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
		return (Boolean) scalar("doesMaxRowSizeIncludeBlobs", DatabaseMetaData::doesMaxRowSizeIncludeBlobs);
	}

	@Override
	public boolean generatedKeyAlwaysReturned() throws SQLException {
		return (Boolean) scalar("generatedKeyAlwaysReturned", DatabaseMetaData::generatedKeyAlwaysReturned);
	}

	@Override
	public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern, String attributeNamePattern) throws SQLException {
		return delegate().getAttributes(catalog, schemaPattern, typeNamePattern, attributeNamePattern);
	}

	@Override
	public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) throws SQLException {
		return delegate().getBestRowIdentifier(catalog, schema, table, scope, nullable);
	}

	@Override
	public String getCatalogSeparator() throws SQLException {
		return (String) scalar("getCatalogSeparator", DatabaseMetaData::getCatalogSeparator);
	}

	@Override
	public String getCatalogTerm() throws SQLException {
		return (String) scalar("getCatalogTerm", DatabaseMetaData::getCatalogTerm);
	}

	@Override
	public ResultSet getCatalogs() throws SQLException {
		return delegate().getCatalogs();
	}

	@Override
	public ResultSet getClientInfoProperties() throws SQLException {
		return delegate().getClientInfoProperties();
	}

	@Override
	public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) throws SQLException {
		return delegate().getColumnPrivileges(catalog, schema, table, columnNamePattern);
	}

	@Override
	public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
		return delegate().getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern);
	}

	@Override
	public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable, String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
		return delegate().getCrossReference(parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable);
	}

	@Override
	public int getDatabaseMajorVersion() throws SQLException {
		return (Integer) scalar("getDatabaseMajorVersion", DatabaseMetaData::getDatabaseMajorVersion);
	}

	@Override
	public int getDatabaseMinorVersion() throws SQLException {
		return (Integer) scalar("getDatabaseMinorVersion", DatabaseMetaData::getDatabaseMinorVersion);
	}

	@Override
	public String getDatabaseProductName() throws SQLException {
		return (String) scalar("getDatabaseProductName", DatabaseMetaData::getDatabaseProductName);
	}

	@Override
	public String getDatabaseProductVersion() throws SQLException {
		return (String) scalar("getDatabaseProductVersion", DatabaseMetaData::getDatabaseProductVersion);
	}

	@Override
	public int getDefaultTransactionIsolation() throws SQLException {
		return (Integer) scalar("getDefaultTransactionIsolation", DatabaseMetaData::getDefaultTransactionIsolation);
	}

	@Override
	public int getDriverMajorVersion() {
		return (Integer) driverScalar("getDriverMajorVersion", DatabaseMetaData::getDriverMajorVersion);
	}

	@Override
	public int getDriverMinorVersion() {
		return (Integer) driverScalar("getDriverMinorVersion", DatabaseMetaData::getDriverMinorVersion);
	}

	@Override
	public String getDriverName() throws SQLException {
		return (String) scalar("getDriverName", DatabaseMetaData::getDriverName);
	}

	@Override
	public String getDriverVersion() throws SQLException {
		return (String) scalar("getDriverVersion", DatabaseMetaData::getDriverVersion);
	}

	@Override
	public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
		return delegate().getExportedKeys(catalog, schema, table);
	}

	@Override
	public String getExtraNameCharacters() throws SQLException {
		return (String) scalar("getExtraNameCharacters", DatabaseMetaData::getExtraNameCharacters);
	}

	@Override
	public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern) throws SQLException {
		return delegate().getFunctionColumns(catalog, schemaPattern, functionNamePattern, columnNamePattern);
	}

	@Override
	public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
		return delegate().getFunctions(catalog, schemaPattern, functionNamePattern);
	}

	@Override
	public String getIdentifierQuoteString() throws SQLException {
		return (String) scalar("getIdentifierQuoteString", DatabaseMetaData::getIdentifierQuoteString);
	}

	@Override
	public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
		return delegate().getImportedKeys(catalog, schema, table);
	}

	@Override
	public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
		return delegate().getIndexInfo(catalog, schema, table, unique, approximate);
	}

	@Override
	public int getJDBCMajorVersion() throws SQLException {
		return (Integer) scalar("getJDBCMajorVersion", DatabaseMetaData::getJDBCMajorVersion);
	}

	@Override
	public int getJDBCMinorVersion() throws SQLException {
		return (Integer) scalar("getJDBCMinorVersion", DatabaseMetaData::getJDBCMinorVersion);
	}

	@Override
	public int getMaxBinaryLiteralLength() throws SQLException {
		return (Integer) scalar("getMaxBinaryLiteralLength", DatabaseMetaData::getMaxBinaryLiteralLength);
	}

	@Override
	public int getMaxCatalogNameLength() throws SQLException {
		return (Integer) scalar("getMaxCatalogNameLength", DatabaseMetaData::getMaxCatalogNameLength);
	}

	@Override
	public int getMaxCharLiteralLength() throws SQLException {
		return (Integer) scalar("getMaxCharLiteralLength", DatabaseMetaData::getMaxCharLiteralLength);
	}

	@Override
	public int getMaxColumnNameLength() throws SQLException {
		return (Integer) scalar("getMaxColumnNameLength", DatabaseMetaData::getMaxColumnNameLength);
	}

	@Override
	public int getMaxColumnsInGroupBy() throws SQLException {
		return (Integer) scalar("getMaxColumnsInGroupBy", DatabaseMetaData::getMaxColumnsInGroupBy);
	}

	@Override
	public int getMaxColumnsInIndex() throws SQLException {
		return (Integer) scalar("getMaxColumnsInIndex", DatabaseMetaData::getMaxColumnsInIndex);
	}

	@Override
	public int getMaxColumnsInOrderBy() throws SQLException {
		return (Integer) scalar("getMaxColumnsInOrderBy", DatabaseMetaData::getMaxColumnsInOrderBy);
	}

	@Override
	public int getMaxColumnsInSelect() throws SQLException {
		return (Integer) scalar("getMaxColumnsInSelect", DatabaseMetaData::getMaxColumnsInSelect);
	}

	@Override
	public int getMaxColumnsInTable() throws SQLException {
		return (Integer) scalar("getMaxColumnsInTable", DatabaseMetaData::getMaxColumnsInTable);
	}

	@Override
	public int getMaxConnections() throws SQLException {
		return (Integer) scalar("getMaxConnections", DatabaseMetaData::getMaxConnections);
	}

	@Override
	public int getMaxCursorNameLength() throws SQLException {
		return (Integer) scalar("getMaxCursorNameLength", DatabaseMetaData::getMaxCursorNameLength);
	}

	@Override
	public int getMaxIndexLength() throws SQLException {
		return (Integer) scalar("getMaxIndexLength", DatabaseMetaData::getMaxIndexLength);
	}

	@Override
	public long getMaxLogicalLobSize() throws SQLException {
		return (Long) scalar("getMaxLogicalLobSize", DatabaseMetaData::getMaxLogicalLobSize);
	}

	@Override
	public int getMaxProcedureNameLength() throws SQLException {
		return (Integer) scalar("getMaxProcedureNameLength", DatabaseMetaData::getMaxProcedureNameLength);
	}

	@Override
	public int getMaxRowSize() throws SQLException {
		return (Integer) scalar("getMaxRowSize", DatabaseMetaData::getMaxRowSize);
	}

	@Override
	public int getMaxSchemaNameLength() throws SQLException {
		return (Integer) scalar("getMaxSchemaNameLength", DatabaseMetaData::getMaxSchemaNameLength);
	}

	@Override
	public int getMaxStatementLength() throws SQLException {
		return (Integer) scalar("getMaxStatementLength", DatabaseMetaData::getMaxStatementLength);
	}

	@Override
	public int getMaxStatements() throws SQLException {
		return (Integer) scalar("getMaxStatements", DatabaseMetaData::getMaxStatements);
	}

	@Override
	public int getMaxTableNameLength() throws SQLException {
		return (Integer) scalar("getMaxTableNameLength", DatabaseMetaData::getMaxTableNameLength);
	}

	@Override
	public int getMaxTablesInSelect() throws SQLException {
		return (Integer) scalar("getMaxTablesInSelect", DatabaseMetaData::getMaxTablesInSelect);
	}

	@Override
	public int getMaxUserNameLength() throws SQLException {
		return (Integer) scalar("getMaxUserNameLength", DatabaseMetaData::getMaxUserNameLength);
	}

	@Override
	public String getNumericFunctions() throws SQLException {
		return (String) scalar("getNumericFunctions", DatabaseMetaData::getNumericFunctions);
	}

	@Override
	public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
		return delegate().getPrimaryKeys(catalog, schema, table);
	}

	@Override
	public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern, String columnNamePattern) throws SQLException {
		return delegate().getProcedureColumns(catalog, schemaPattern, procedureNamePattern, columnNamePattern);
	}

	@Override
	public String getProcedureTerm() throws SQLException {
		return (String) scalar("getProcedureTerm", DatabaseMetaData::getProcedureTerm);
	}

	@Override
	public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) throws SQLException {
		return delegate().getProcedures(catalog, schemaPattern, procedureNamePattern);
	}

	@Override
	public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
		return delegate().getPseudoColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern);
	}

	@Override
	public int getResultSetHoldability() throws SQLException {
		return (Integer) scalar("getResultSetHoldability", DatabaseMetaData::getResultSetHoldability);
	}

	@Override
	public RowIdLifetime getRowIdLifetime() throws SQLException {
		return delegate().getRowIdLifetime();
	}

	@Override
	public String getSQLKeywords() throws SQLException {
		return (String) scalar("getSQLKeywords", DatabaseMetaData::getSQLKeywords);
	}

	@Override
	public int getSQLStateType() throws SQLException {
		return (Integer) scalar("getSQLStateType", DatabaseMetaData::getSQLStateType);
	}

	@Override
	public String getSchemaTerm() throws SQLException {
		return (String) scalar("getSchemaTerm", DatabaseMetaData::getSchemaTerm);
	}

	@Override
	public ResultSet getSchemas() throws SQLException {
		return delegate().getSchemas();
	}

	@Override
	public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
		return delegate().getSchemas(catalog, schemaPattern);
	}

	@Override
	public String getSearchStringEscape() throws SQLException {
		return (String) scalar("getSearchStringEscape", DatabaseMetaData::getSearchStringEscape);
	}

	@Override
	public String getStringFunctions() throws SQLException {
		return (String) scalar("getStringFunctions", DatabaseMetaData::getStringFunctions);
	}

	@Override
	public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
		return delegate().getSuperTables(catalog, schemaPattern, tableNamePattern);
	}

	@Override
	public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
		return delegate().getSuperTypes(catalog, schemaPattern, typeNamePattern);
	}

	@Override
	public String getSystemFunctions() throws SQLException {
		return (String) scalar("getSystemFunctions", DatabaseMetaData::getSystemFunctions);
	}

	@Override
	public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
		return delegate().getTablePrivileges(catalog, schemaPattern, tableNamePattern);
	}

	@Override
	public ResultSet getTableTypes() throws SQLException {
		return delegate().getTableTypes();
	}

	@Override
	public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
		return delegate().getTables(catalog, schemaPattern, tableNamePattern, types);
	}

	@Override
	public String getTimeDateFunctions() throws SQLException {
		return (String) scalar("getTimeDateFunctions", DatabaseMetaData::getTimeDateFunctions);
	}

	@Override
	public ResultSet getTypeInfo() throws SQLException {
		return delegate().getTypeInfo();
	}

	@Override
	public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) throws SQLException {
		return delegate().getUDTs(catalog, schemaPattern, typeNamePattern, types);
	}

	@Override
	public String getURL() throws SQLException {
		return (String) scalar("getURL", DatabaseMetaData::getURL);
	}

	@Override
	public String getUserName() throws SQLException {
		return (String) scalar("getUserName", DatabaseMetaData::getUserName);
	}

	@Override
	public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
		return delegate().getVersionColumns(catalog, schema, table);
	}

	@Override
	public boolean insertsAreDetected(int type) throws SQLException {
		return delegate().insertsAreDetected(type);
	}

	@Override
	public boolean isCatalogAtStart() throws SQLException {
		return (Boolean) scalar("isCatalogAtStart", DatabaseMetaData::isCatalogAtStart);
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		return (Boolean) scalar("isReadOnly", DatabaseMetaData::isReadOnly);
	}

	@Override
	public boolean locatorsUpdateCopy() throws SQLException {
		return (Boolean) scalar("locatorsUpdateCopy", DatabaseMetaData::locatorsUpdateCopy);
	}

	@Override
	public boolean nullPlusNonNullIsNull() throws SQLException {
		return (Boolean) scalar("nullPlusNonNullIsNull", DatabaseMetaData::nullPlusNonNullIsNull);
	}

	@Override
	public boolean nullsAreSortedAtEnd() throws SQLException {
		return (Boolean) scalar("nullsAreSortedAtEnd", DatabaseMetaData::nullsAreSortedAtEnd);
	}

	@Override
	public boolean nullsAreSortedAtStart() throws SQLException {
		return (Boolean) scalar("nullsAreSortedAtStart", DatabaseMetaData::nullsAreSortedAtStart);
	}

	@Override
	public boolean nullsAreSortedHigh() throws SQLException {
		return (Boolean) scalar("nullsAreSortedHigh", DatabaseMetaData::nullsAreSortedHigh);
	}

	@Override
	public boolean nullsAreSortedLow() throws SQLException {
		return (Boolean) scalar("nullsAreSortedLow", DatabaseMetaData::nullsAreSortedLow);
	}

	@Override
	public boolean othersDeletesAreVisible(int type) throws SQLException {
		return delegate().othersDeletesAreVisible(type);
	}

	@Override
	public boolean othersInsertsAreVisible(int type) throws SQLException {
		return delegate().othersInsertsAreVisible(type);
	}

	@Override
	public boolean othersUpdatesAreVisible(int type) throws SQLException {
		return delegate().othersUpdatesAreVisible(type);
	}

	@Override
	public boolean ownDeletesAreVisible(int type) throws SQLException {
		return delegate().ownDeletesAreVisible(type);
	}

	@Override
	public boolean ownInsertsAreVisible(int type) throws SQLException {
		return delegate().ownInsertsAreVisible(type);
	}

	@Override
	public boolean ownUpdatesAreVisible(int type) throws SQLException {
		return delegate().ownUpdatesAreVisible(type);
	}

	@Override
	public boolean storesLowerCaseIdentifiers() throws SQLException {
		return (Boolean) scalar("storesLowerCaseIdentifiers", DatabaseMetaData::storesLowerCaseIdentifiers);
	}

	@Override
	public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
		return (Boolean) scalar("storesLowerCaseQuotedIdentifiers", DatabaseMetaData::storesLowerCaseQuotedIdentifiers);
	}

	@Override
	public boolean storesMixedCaseIdentifiers() throws SQLException {
		return (Boolean) scalar("storesMixedCaseIdentifiers", DatabaseMetaData::storesMixedCaseIdentifiers);
	}

	@Override
	public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
		return (Boolean) scalar("storesMixedCaseQuotedIdentifiers", DatabaseMetaData::storesMixedCaseQuotedIdentifiers);
	}

	@Override
	public boolean storesUpperCaseIdentifiers() throws SQLException {
		return (Boolean) scalar("storesUpperCaseIdentifiers", DatabaseMetaData::storesUpperCaseIdentifiers);
	}

	@Override
	public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
		return (Boolean) scalar("storesUpperCaseQuotedIdentifiers", DatabaseMetaData::storesUpperCaseQuotedIdentifiers);
	}

	@Override
	public boolean supportsANSI92EntryLevelSQL() throws SQLException {
		return (Boolean) scalar("supportsANSI92EntryLevelSQL", DatabaseMetaData::supportsANSI92EntryLevelSQL);
	}

	@Override
	public boolean supportsANSI92FullSQL() throws SQLException {
		return (Boolean) scalar("supportsANSI92FullSQL", DatabaseMetaData::supportsANSI92FullSQL);
	}

	@Override
	public boolean supportsANSI92IntermediateSQL() throws SQLException {
		return (Boolean) scalar("supportsANSI92IntermediateSQL", DatabaseMetaData::supportsANSI92IntermediateSQL);
	}

	@Override
	public boolean supportsAlterTableWithAddColumn() throws SQLException {
		return (Boolean) scalar("supportsAlterTableWithAddColumn", DatabaseMetaData::supportsAlterTableWithAddColumn);
	}

	@Override
	public boolean supportsAlterTableWithDropColumn() throws SQLException {
		return (Boolean) scalar("supportsAlterTableWithDropColumn", DatabaseMetaData::supportsAlterTableWithDropColumn);
	}

	@Override
	public boolean supportsBatchUpdates() throws SQLException {
		return (Boolean) scalar("supportsBatchUpdates", DatabaseMetaData::supportsBatchUpdates);
	}

	@Override
	public boolean supportsCatalogsInDataManipulation() throws SQLException {
		return (Boolean) scalar("supportsCatalogsInDataManipulation", DatabaseMetaData::supportsCatalogsInDataManipulation);
	}

	@Override
	public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
		return (Boolean) scalar("supportsCatalogsInIndexDefinitions", DatabaseMetaData::supportsCatalogsInIndexDefinitions);
	}

	@Override
	public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
		return (Boolean) scalar("supportsCatalogsInPrivilegeDefinitions", DatabaseMetaData::supportsCatalogsInPrivilegeDefinitions);
	}

	@Override
	public boolean supportsCatalogsInProcedureCalls() throws SQLException {
		return (Boolean) scalar("supportsCatalogsInProcedureCalls", DatabaseMetaData::supportsCatalogsInProcedureCalls);
	}

	@Override
	public boolean supportsCatalogsInTableDefinitions() throws SQLException {
		return (Boolean) scalar("supportsCatalogsInTableDefinitions", DatabaseMetaData::supportsCatalogsInTableDefinitions);
	}

	@Override
	public boolean supportsColumnAliasing() throws SQLException {
		return (Boolean) scalar("supportsColumnAliasing", DatabaseMetaData::supportsColumnAliasing);
	}

	@Override
	public boolean supportsConvert() throws SQLException {
		return (Boolean) scalar("supportsConvert", DatabaseMetaData::supportsConvert);
	}

	@Override
	public boolean supportsConvert(int fromType, int toType) throws SQLException {
		return delegate().supportsConvert(fromType, toType);
	}

	@Override
	public boolean supportsCoreSQLGrammar() throws SQLException {
		return (Boolean) scalar("supportsCoreSQLGrammar", DatabaseMetaData::supportsCoreSQLGrammar);
	}

	@Override
	public boolean supportsCorrelatedSubqueries() throws SQLException {
		return (Boolean) scalar("supportsCorrelatedSubqueries", DatabaseMetaData::supportsCorrelatedSubqueries);
	}

	@Override
	public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
		return (Boolean) scalar("supportsDataDefinitionAndDataManipulationTransactions", DatabaseMetaData::supportsDataDefinitionAndDataManipulationTransactions);
	}

	@Override
	public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
		return (Boolean) scalar("supportsDataManipulationTransactionsOnly", DatabaseMetaData::supportsDataManipulationTransactionsOnly);
	}

	@Override
	public boolean supportsDifferentTableCorrelationNames() throws SQLException {
		return (Boolean) scalar("supportsDifferentTableCorrelationNames", DatabaseMetaData::supportsDifferentTableCorrelationNames);
	}

	@Override
	public boolean supportsExpressionsInOrderBy() throws SQLException {
		return (Boolean) scalar("supportsExpressionsInOrderBy", DatabaseMetaData::supportsExpressionsInOrderBy);
	}

	@Override
	public boolean supportsExtendedSQLGrammar() throws SQLException {
		return (Boolean) scalar("supportsExtendedSQLGrammar", DatabaseMetaData::supportsExtendedSQLGrammar);
	}

	@Override
	public boolean supportsFullOuterJoins() throws SQLException {
		return (Boolean) scalar("supportsFullOuterJoins", DatabaseMetaData::supportsFullOuterJoins);
	}

	@Override
	public boolean supportsGetGeneratedKeys() throws SQLException {
		return (Boolean) scalar("supportsGetGeneratedKeys", DatabaseMetaData::supportsGetGeneratedKeys);
	}

	@Override
	public boolean supportsGroupBy() throws SQLException {
		return (Boolean) scalar("supportsGroupBy", DatabaseMetaData::supportsGroupBy);
	}

	@Override
	public boolean supportsGroupByBeyondSelect() throws SQLException {
		return (Boolean) scalar("supportsGroupByBeyondSelect", DatabaseMetaData::supportsGroupByBeyondSelect);
	}

	@Override
	public boolean supportsGroupByUnrelated() throws SQLException {
		return (Boolean) scalar("supportsGroupByUnrelated", DatabaseMetaData::supportsGroupByUnrelated);
	}

	@Override
	public boolean supportsIntegrityEnhancementFacility() throws SQLException {
		return (Boolean) scalar("supportsIntegrityEnhancementFacility", DatabaseMetaData::supportsIntegrityEnhancementFacility);
	}

	@Override
	public boolean supportsLikeEscapeClause() throws SQLException {
		return (Boolean) scalar("supportsLikeEscapeClause", DatabaseMetaData::supportsLikeEscapeClause);
	}

	@Override
	public boolean supportsLimitedOuterJoins() throws SQLException {
		return (Boolean) scalar("supportsLimitedOuterJoins", DatabaseMetaData::supportsLimitedOuterJoins);
	}

	@Override
	public boolean supportsMinimumSQLGrammar() throws SQLException {
		return (Boolean) scalar("supportsMinimumSQLGrammar", DatabaseMetaData::supportsMinimumSQLGrammar);
	}

	@Override
	public boolean supportsMixedCaseIdentifiers() throws SQLException {
		return (Boolean) scalar("supportsMixedCaseIdentifiers", DatabaseMetaData::supportsMixedCaseIdentifiers);
	}

	@Override
	public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
		return (Boolean) scalar("supportsMixedCaseQuotedIdentifiers", DatabaseMetaData::supportsMixedCaseQuotedIdentifiers);
	}

	@Override
	public boolean supportsMultipleOpenResults() throws SQLException {
		return (Boolean) scalar("supportsMultipleOpenResults", DatabaseMetaData::supportsMultipleOpenResults);
	}

	@Override
	public boolean supportsMultipleResultSets() throws SQLException {
		return (Boolean) scalar("supportsMultipleResultSets", DatabaseMetaData::supportsMultipleResultSets);
	}

	@Override
	public boolean supportsMultipleTransactions() throws SQLException {
		return (Boolean) scalar("supportsMultipleTransactions", DatabaseMetaData::supportsMultipleTransactions);
	}

	@Override
	public boolean supportsNamedParameters() throws SQLException {
		return (Boolean) scalar("supportsNamedParameters", DatabaseMetaData::supportsNamedParameters);
	}

	@Override
	public boolean supportsNonNullableColumns() throws SQLException {
		return (Boolean) scalar("supportsNonNullableColumns", DatabaseMetaData::supportsNonNullableColumns);
	}

	@Override
	public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
		return (Boolean) scalar("supportsOpenCursorsAcrossCommit", DatabaseMetaData::supportsOpenCursorsAcrossCommit);
	}

	@Override
	public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
		return (Boolean) scalar("supportsOpenCursorsAcrossRollback", DatabaseMetaData::supportsOpenCursorsAcrossRollback);
	}

	@Override
	public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
		return (Boolean) scalar("supportsOpenStatementsAcrossCommit", DatabaseMetaData::supportsOpenStatementsAcrossCommit);
	}

	@Override
	public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
		return (Boolean) scalar("supportsOpenStatementsAcrossRollback", DatabaseMetaData::supportsOpenStatementsAcrossRollback);
	}

	@Override
	public boolean supportsOrderByUnrelated() throws SQLException {
		return (Boolean) scalar("supportsOrderByUnrelated", DatabaseMetaData::supportsOrderByUnrelated);
	}

	@Override
	public boolean supportsOuterJoins() throws SQLException {
		return (Boolean) scalar("supportsOuterJoins", DatabaseMetaData::supportsOuterJoins);
	}

	@Override
	public boolean supportsPositionedDelete() throws SQLException {
		return (Boolean) scalar("supportsPositionedDelete", DatabaseMetaData::supportsPositionedDelete);
	}

	@Override
	public boolean supportsPositionedUpdate() throws SQLException {
		return (Boolean) scalar("supportsPositionedUpdate", DatabaseMetaData::supportsPositionedUpdate);
	}

	@Override
	public boolean supportsRefCursors() throws SQLException {
		return (Boolean) scalar("supportsRefCursors", DatabaseMetaData::supportsRefCursors);
	}

	@Override
	public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
		return delegate().supportsResultSetConcurrency(type, concurrency);
	}

	@Override
	public boolean supportsResultSetHoldability(int holdability) throws SQLException {
		return delegate().supportsResultSetHoldability(holdability);
	}

	@Override
	public boolean supportsResultSetType(int type) throws SQLException {
		return delegate().supportsResultSetType(type);
	}

	@Override
	public boolean supportsSavepoints() throws SQLException {
		return (Boolean) scalar("supportsSavepoints", DatabaseMetaData::supportsSavepoints);
	}

	@Override
	public boolean supportsSchemasInDataManipulation() throws SQLException {
		return (Boolean) scalar("supportsSchemasInDataManipulation", DatabaseMetaData::supportsSchemasInDataManipulation);
	}

	@Override
	public boolean supportsSchemasInIndexDefinitions() throws SQLException {
		return (Boolean) scalar("supportsSchemasInIndexDefinitions", DatabaseMetaData::supportsSchemasInIndexDefinitions);
	}

	@Override
	public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
		return (Boolean) scalar("supportsSchemasInPrivilegeDefinitions", DatabaseMetaData::supportsSchemasInPrivilegeDefinitions);
	}

	@Override
	public boolean supportsSchemasInProcedureCalls() throws SQLException {
		return (Boolean) scalar("supportsSchemasInProcedureCalls", DatabaseMetaData::supportsSchemasInProcedureCalls);
	}

	@Override
	public boolean supportsSchemasInTableDefinitions() throws SQLException {
		return (Boolean) scalar("supportsSchemasInTableDefinitions", DatabaseMetaData::supportsSchemasInTableDefinitions);
	}

	@Override
	public boolean supportsSelectForUpdate() throws SQLException {
		return (Boolean) scalar("supportsSelectForUpdate", DatabaseMetaData::supportsSelectForUpdate);
	}

	@Override
	public boolean supportsSharding() throws SQLException {
		return (Boolean) scalar("supportsSharding", DatabaseMetaData::supportsSharding);
	}

	@Override
	public boolean supportsStatementPooling() throws SQLException {
		return (Boolean) scalar("supportsStatementPooling", DatabaseMetaData::supportsStatementPooling);
	}

	@Override
	public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
		return (Boolean) scalar("supportsStoredFunctionsUsingCallSyntax", DatabaseMetaData::supportsStoredFunctionsUsingCallSyntax);
	}

	@Override
	public boolean supportsStoredProcedures() throws SQLException {
		return (Boolean) scalar("supportsStoredProcedures", DatabaseMetaData::supportsStoredProcedures);
	}

	@Override
	public boolean supportsSubqueriesInComparisons() throws SQLException {
		return (Boolean) scalar("supportsSubqueriesInComparisons", DatabaseMetaData::supportsSubqueriesInComparisons);
	}

	@Override
	public boolean supportsSubqueriesInExists() throws SQLException {
		return (Boolean) scalar("supportsSubqueriesInExists", DatabaseMetaData::supportsSubqueriesInExists);
	}

	@Override
	public boolean supportsSubqueriesInIns() throws SQLException {
		return (Boolean) scalar("supportsSubqueriesInIns", DatabaseMetaData::supportsSubqueriesInIns);
	}

	@Override
	public boolean supportsSubqueriesInQuantifieds() throws SQLException {
		return (Boolean) scalar("supportsSubqueriesInQuantifieds", DatabaseMetaData::supportsSubqueriesInQuantifieds);
	}

	@Override
	public boolean supportsTableCorrelationNames() throws SQLException {
		return (Boolean) scalar("supportsTableCorrelationNames", DatabaseMetaData::supportsTableCorrelationNames);
	}

	@Override
	public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
		return delegate().supportsTransactionIsolationLevel(level);
	}

	@Override
	public boolean supportsTransactions() throws SQLException {
		return (Boolean) scalar("supportsTransactions", DatabaseMetaData::supportsTransactions);
	}

	@Override
	public boolean supportsUnion() throws SQLException {
		return (Boolean) scalar("supportsUnion", DatabaseMetaData::supportsUnion);
	}

	@Override
	public boolean supportsUnionAll() throws SQLException {
		return (Boolean) scalar("supportsUnionAll", DatabaseMetaData::supportsUnionAll);
	}

	@Override
	public boolean updatesAreDetected(int type) throws SQLException {
		return delegate().updatesAreDetected(type);
	}

	@Override
	public boolean usesLocalFilePerTable() throws SQLException {
		return (Boolean) scalar("usesLocalFilePerTable", DatabaseMetaData::usesLocalFilePerTable);
	}

	@Override
	public boolean usesLocalFiles() throws SQLException {
		return (Boolean) scalar("usesLocalFiles", DatabaseMetaData::usesLocalFiles);
	}

	/** Reads one argument-free fact from a driver's metadata. */
	@FunctionalInterface
	interface Fact {

		Object read(DatabaseMetaData metaData) throws SQLException;

	}

}
