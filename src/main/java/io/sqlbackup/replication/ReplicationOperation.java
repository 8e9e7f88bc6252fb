package io.sqlbackup.replication;

/** The replication steps of the restore runbook, in the order a restore of both servers runs them. */
public enum ReplicationOperation {
    /** {@code RESET MASTER} on the primary; its new binlog start becomes the replica's starting point. */
    resetPrimary,
    /** {@code STOP SLAVE} on the replica before it is loaded; refuses a replica with no replication set up. */
    stopReplica,
    /** {@code RESET SLAVE}, {@code CHANGE MASTER TO} the re-sync coordinates, {@code START SLAVE} on the replica. */
    startReplica,
    /** Waits for replication to run and catch up, sends a marker through it, compares table checksums. */
    verify
}
