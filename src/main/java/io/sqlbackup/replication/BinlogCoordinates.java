package io.sqlbackup.replication;

/**
 * A point in a server's binary log, as {@code SHOW MASTER STATUS} and {@code @@gtid_binlog_pos} give it.
 *
 * @param file     binlog file name, e.g. mysql-bin.000042
 * @param position byte offset in that file
 * @param gtid     GTID position (may be empty when GTIDs are not used)
 */
public record BinlogCoordinates(String file, long position, String gtid) {

    /** {@code mysql-bin.000001:328 (GTID '0-1-5')}, as reports and messages show it. */
    public String describe() {
        String where = file == null || file.isEmpty() ? "no binlog file" : file + ":" + position;
        return where + " (GTID '" + (gtid == null ? "" : gtid) + "')";
    }
}
