package io.sqlbackup.dump;

import io.sqlbackup.server.ServerAccess;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Refuses to dump a replica whose data is not what the primary holds: replication stopped,
 * broken, or further behind than {@code sqlbackup.dump.max-replica-lag}. A backup of such a
 * replica would silently miss recent writes, which nobody would notice until a restore.
 */
final class ReplicaGuard {

    private ReplicaGuard() {
    }

    /** The replica's lag when it passed the guard; null when the source is no replica. */
    static Duration check(Statement control, ServerAccess source, Duration maxLag) throws SQLException {
        try (ResultSet rs = control.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return null;
            }
            String io = rs.getString("Slave_IO_Running");
            String sql = rs.getString("Slave_SQL_Running");
            String where = "the " + source.role() + " server at " + source.address() + " is a replica of "
                    + rs.getString("Master_Host") + ":" + rs.getString("Master_Port");
            if (!"Yes".equalsIgnoreCase(sql)) {
                throw new ReplicaNotReadyException(where + " whose SQL thread is not running (Slave_SQL_Running=" + sql
                        + explainError(rs.getString("Last_SQL_Error")) + "): its data is behind the primary, so no backup was taken; "
                        + "repair replication (SHOW SLAVE STATUS) and run the backup again");
            }
            if (!"Yes".equalsIgnoreCase(io)) {
                throw new ReplicaNotReadyException(where + " whose IO thread is not running (Slave_IO_Running=" + io
                        + explainError(rs.getString("Last_IO_Error")) + "): it no longer receives the primary's writes, so no "
                        + "backup was taken; repair replication (SHOW SLAVE STATUS) and run the backup again");
            }
            long seconds = rs.getLong("Seconds_Behind_Master");
            if (rs.wasNull()) {
                throw new ReplicaNotReadyException(where + " that reports no lag (Seconds_Behind_Master is NULL): it is not "
                        + "applying the primary's writes, so no backup was taken; check SHOW SLAVE STATUS");
            }
            Duration lag = Duration.ofSeconds(seconds);
            if (lag.compareTo(maxLag) > 0) {
                throw new ReplicaNotReadyException(where + " that is " + seconds + " s behind its primary, more than "
                        + "sqlbackup.dump.max-replica-lag (" + maxLag.toSeconds() + " s): no backup was taken; wait for it to "
                        + "catch up, or raise sqlbackup.dump.max-replica-lag to accept older data");
            }
            return lag;
        }
    }

    private static String explainError(String error) {
        return error == null || error.isBlank() ? "" : ", last error: " + error;
    }
}
