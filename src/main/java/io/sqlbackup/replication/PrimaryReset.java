package io.sqlbackup.replication;

import io.sqlbackup.server.ServerAccess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code RESET MASTER} on the freshly loaded primary: its binary log then starts empty, so the
 * replica (loaded from the same archive) can start reading right at that point, and no event from
 * before the restore can ever be replayed onto restored data.
 */
final class PrimaryReset {

    private PrimaryReset() {
    }

    /** Thrown before anything is changed when the primary writes no binary log. */
    static final class NoBinaryLogException extends Exception {
        NoBinaryLogException() {
            super("the primary writes no binary log (log_bin is OFF), so a replica cannot follow it");
        }
    }

    /** Resets the binary log and returns where it now starts. */
    static BinlogCoordinates reset(ServerAccess primary) throws SQLException, NoBinaryLogException {
        try (Connection c = primary.connect(); Statement s = c.createStatement()) {
            if (!"1".equals(scalar(s, "SELECT @@GLOBAL.log_bin"))) {
                throw new NoBinaryLogException();
            }
            s.execute("RESET MASTER");
            String file;
            long position;
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                if (!rs.next()) {
                    throw new SQLException("SHOW MASTER STATUS returned nothing after RESET MASTER");
                }
                file = rs.getString("File");
                position = rs.getLong("Position");
            }
            // RESET MASTER empties gtid_binlog_state, and every transaction gets a GTID: an empty position here
            // proves no other session wrote between the reset and SHOW MASTER STATUS.
            String gtid = scalar(s, "SELECT @@GLOBAL.gtid_binlog_pos");
            if (gtid == null || gtid.isEmpty()) {
                return new BinlogCoordinates(file, position, "");
            }
            // Another session wrote in between: start the replica at the very beginning of the new binary log, so
            // those writes reach it too. Position 4 is the first event of any binlog file.
            return new BinlogCoordinates(firstBinlog(s), 4, "");
        }
    }

    private static String firstBinlog(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            if (!rs.next()) {
                throw new SQLException("SHOW BINARY LOGS returned nothing after RESET MASTER");
            }
            return rs.getString(1);
        }
    }

    static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
