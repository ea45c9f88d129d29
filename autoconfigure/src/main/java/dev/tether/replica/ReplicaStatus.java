package dev.tether.replica;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one replica's health.
 *
 * @param name the replica's name
 * @param state its state
 * @param lag its replay lag, {@code null} when unknown
 * @param replayPosition the replication position it has replayed (PostgreSQL: LSN in bytes;
 * MariaDB: the GTID sequence number of the primary's domain), or {@code -1} when unknown
 * @param checkedAt when a probe or the routing path last learned something about it, or
 * {@code null}
 * @param problem why it is down, without credentials, or {@code null}
 */
public record ReplicaStatus(String name, ReplicaState state, Duration lag, long replayPosition, Instant checkedAt,
		String problem) {

}
