package dev.tether.retry;

/**
 * Where a conflicting row lives, as the application's own SQL names it: what an escalated retry
 * locks before it re-runs ({@link RowLocks}).
 *
 * @param table the table
 * @param keyColumn the single key column
 */
record RowTable(String table, String keyColumn) {

}
