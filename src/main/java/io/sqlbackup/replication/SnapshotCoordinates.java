package io.sqlbackup.replication;

/**
 * The replication coordinates that match a dump's snapshot.
 *
 * @param server  the dumped server's own binlog position; null when its binary log is off
 * @param replica where the dumped server stood as a replica; null when it is not one
 */
public record SnapshotCoordinates(BinlogCoordinates server, ReplicaCoordinates replica) {
}
