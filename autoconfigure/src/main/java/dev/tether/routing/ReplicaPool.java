package dev.tether.routing;

import javax.sql.DataSource;

import dev.tether.replica.ReplicaHealth;

/**
 * One replica: its name (used in pool names, meters and logs), its load-balancing weight and its
 * connection pool.
 *
 * @param name the replica's name, the key under {@code tether.replicas}
 * @param weight the share of read-only transactions it gets relative to the others, at least 1
 * @param dataSource the replica's pool
 * @param health its live health, kept by the replica monitor
 */
record ReplicaPool(String name, int weight, DataSource dataSource, ReplicaHealth health) {

}
