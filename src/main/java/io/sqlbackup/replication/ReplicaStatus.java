package io.sqlbackup.replication;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * One reading of a replica's {@code SHOW SLAVE STATUS} (the default connection), the columns the
 * replication steps act on. None of them carries the replication password.
 */
record ReplicaStatus(String primaryHost, int primaryPort, String user, String ioRunning, String sqlRunning,
                     Long secondsBehind, int ioErrno, String ioError, int sqlErrno, String sqlError, String usingGtid) {

    /**
     * Client-side errors of an IO thread that cannot reach its primary: the primary may be restarting or
     * briefly unreachable, so these are waited out; any other error while connecting (a refused login)
     * will not go away by itself.
     */
    private static final Set<Integer> TRANSIENT_CONNECT_ERRORS = Set.of(2002, 2003, 2005, 2006, 2013);

    /** The replica's status, or null when it has no replication configured at all (no row). */
    static ReplicaStatus read(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return null;
            }
            long seconds = rs.getLong("Seconds_Behind_Master");
            Long behind = rs.wasNull() ? null : seconds; // NULL: the SQL thread is not running or has nothing to compare with
            return new ReplicaStatus(text(rs, "Master_Host"), rs.getInt("Master_Port"), text(rs, "Master_User"),
                    text(rs, "Slave_IO_Running"), text(rs, "Slave_SQL_Running"), behind,
                    rs.getInt("Last_IO_Errno"), text(rs, "Last_IO_Error"), rs.getInt("Last_SQL_Errno"), text(rs, "Last_SQL_Error"),
                    text(rs, "Using_Gtid"));
        }
    }

    private static String text(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? "" : v;
    }

    /** Whether replication was set up (CHANGE MASTER TO with a host); RESET SLAVE ALL or a fresh server has none. */
    static boolean configured(ReplicaStatus status) {
        return status != null && !status.primaryHost().isBlank();
    }

    /** {@code Using_Gtid} is {@code Slave_Pos} or {@code Current_Pos}. */
    boolean usesGtid() {
        return usingGtid.equalsIgnoreCase("Slave_Pos") || usingGtid.equalsIgnoreCase("Current_Pos");
    }

    /** Where it replicates from, as an operator reads it: {@code repl@10.0.0.5:3306}. */
    String source() {
        return user + "@" + primaryHost + ":" + primaryPort;
    }

    boolean threadsRunning() {
        return "Yes".equalsIgnoreCase(ioRunning) && "Yes".equalsIgnoreCase(sqlRunning);
    }

    boolean caughtUp() {
        return threadsRunning() && secondsBehind != null && secondsBehind == 0;
    }

    /**
     * Why replication cannot make progress without someone fixing it, or null while it can: a thread
     * that stopped, or an IO thread whose primary refuses it. Waiting longer would not help with these.
     */
    String brokenBecause() {
        if ("No".equalsIgnoreCase(sqlRunning)) {
            return "the SQL thread stopped" + (sqlError.isBlank() ? "" : " with error " + sqlErrno + ": " + sqlError);
        }
        if ("No".equalsIgnoreCase(ioRunning)) {
            return "the IO thread stopped" + (ioError.isBlank() ? "" : " with error " + ioErrno + ": " + ioError);
        }
        if (ioErrno != 0 && !ioError.isBlank() && !TRANSIENT_CONNECT_ERRORS.contains(ioErrno)
                && !"Yes".equalsIgnoreCase(ioRunning)) {
            return "the IO thread cannot connect to the primary (error " + ioErrno + ": " + ioError + ")";
        }
        return null;
    }

    /** The state for a message about a replica that has not caught up yet. */
    String progress() {
        String s = "Slave_IO_Running=" + ioRunning + ", Slave_SQL_Running=" + sqlRunning + ", Seconds_Behind_Master="
                + (secondsBehind == null ? "NULL" : secondsBehind);
        if (!ioError.isBlank()) {
            s += ", last IO error " + ioErrno + ": " + ioError;
        }
        if (!sqlError.isBlank()) {
            s += ", last SQL error " + sqlErrno + ": " + sqlError;
        }
        return s;
    }
}
