package io.sqlbackup.replication;

/**
 * Where a replica stood in its primary's binary log: {@code SHOW SLAVE STATUS}'s
 * {@code Master_Host}, {@code Relay_Master_Log_File}, {@code Exec_Master_Log_Pos} and {@code @@gtid_slave_pos}.
 */
public record ReplicaCoordinates(String primaryHost, String file, long position, String gtid) {
}
