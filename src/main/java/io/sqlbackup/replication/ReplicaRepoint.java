package io.sqlbackup.replication;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Points a stopped, freshly loaded replica at the re-sync coordinates. It names only the position in
 * {@code CHANGE MASTER TO}, never host, port, user or password, so the replica keeps the connection
 * settings it already had (and sqlbackup never handles the replication password).
 *
 * @param gtid     true: {@code MASTER_USE_GTID=slave_pos} from {@link #gtidPosition}; false: file and position
 * @param note     why this mode was chosen when it is not the obvious one, or empty
 */
record ReplicaRepoint(boolean gtid, String gtidPosition, String file, long position, String note) {

    private static final Pattern GTID_POSITION = Pattern.compile("[0-9]+-[0-9]+-[0-9]+(,[0-9]+-[0-9]+-[0-9]+)*|");
    private static final Pattern BINLOG_FILE = Pattern.compile("[A-Za-z0-9._-]+");
    /** {@code SET GLOBAL gtid_slave_pos} refused because the replica's own binary log holds later GTIDs (gtid_strict_mode). */
    private static final int GTID_CONFLICTS_WITH_BINLOG = 1947;
    private static final int GTID_MISSING_DOMAIN = 1948;

    /** Looks up the GTID position of a binlog file and offset on the primary (BINLOG_GTID_POS); null when unknown. */
    @FunctionalInterface
    interface GtidLookup {
        String at(String file, long position);
    }

    /**
     * Chooses how to point the replica. A replica that used GTID keeps using it (as slave_pos: its own
     * binary log holds nothing of the restored data, so current_pos would be wrong), provided the
     * coordinates give a GTID or the primary can translate the file and position into one; otherwise file
     * and position are used.
     */
    static ReplicaRepoint plan(ReplicaStatus before, BinlogCoordinates target, GtidLookup primary) {
        String file = target.file() == null ? "" : target.file();
        String gtid = target.gtid() == null ? "" : target.gtid().replaceAll("\\s+", "");
        if (!file.isEmpty() && !BINLOG_FILE.matcher(file).matches()) {
            throw new IllegalArgumentException("the re-sync coordinates name binlog file '" + file + "', which is not a binlog file name");
        }
        if (!GTID_POSITION.matcher(gtid).matches()) {
            throw new IllegalArgumentException("the re-sync coordinates carry GTID position '" + gtid + "', which is not a GTID list");
        }
        if (before.usesGtid()) {
            if (!gtid.isEmpty()) {
                return new ReplicaRepoint(true, gtid, file, target.position(), "");
            }
            if (!file.isEmpty()) {
                // An empty GTID is ambiguous: "the very start of the primary's history" (right after RESET MASTER)
                // or "GTIDs were not recorded". The primary knows which GTID position its file and offset stand for.
                String translated = primary.at(file, target.position());
                if (translated != null && GTID_POSITION.matcher(translated).matches()) {
                    return new ReplicaRepoint(true, translated, file, target.position(),
                            "GTID position of " + file + ":" + target.position() + " on the primary");
                }
                return new ReplicaRepoint(false, "", file, target.position(),
                        "the replica used GTID, but the coordinates carry no GTID and the primary could not translate "
                                + file + ":" + target.position() + " into one, so it now replicates by file and position");
            }
        } else if (!file.isEmpty()) {
            return new ReplicaRepoint(false, "", file, target.position(), "");
        }
        throw new IllegalArgumentException("the re-sync coordinates " + target.describe() + " name no binlog file"
                + (before.usesGtid() ? " and no GTID" : ", and the replica replicates by file and position"));
    }

    /**
     * RESET SLAVE (not ALL: host, port, user and password stay), then the new position. Returns what
     * else had to be done, or empty.
     */
    String apply(Statement replica) throws SQLException {
        replica.execute("STOP SLAVE");
        replica.execute("RESET SLAVE");
        String extra = "";
        if (gtid) {
            try {
                replica.execute(setGtidSlavePos());
            } catch (SQLException e) {
                if (e.getErrorCode() != GTID_CONFLICTS_WITH_BINLOG && e.getErrorCode() != GTID_MISSING_DOMAIN) {
                    throw e;
                }
                // gtid_strict_mode and the replica's own binary log still holds GTIDs of the data before the restore
                // (log_slave_updates or local writes). That log describes data that no longer exists, and in strict
                // mode it would also reject the primary's restarted sequence numbers: start it afresh.
                replica.execute("RESET MASTER");
                replica.execute(setGtidSlavePos());
                extra = "RESET MASTER on the replica too: its own binary log held GTIDs from before the restore, "
                        + "which gtid_strict_mode would not let replication continue from";
            }
        }
        replica.execute(changeMaster());
        return extra;
    }

    private String setGtidSlavePos() {
        return "SET GLOBAL gtid_slave_pos = '" + gtidPosition + "'";
    }

    String changeMaster() {
        return gtid ? "CHANGE MASTER TO MASTER_USE_GTID=slave_pos"
                : "CHANGE MASTER TO MASTER_LOG_FILE='" + file + "', MASTER_LOG_POS=" + position + ", MASTER_USE_GTID=no";
    }

    /** The statements an operator runs on the replica to do this by hand. */
    String manualStatements() {
        return (gtid ? setGtidSlavePos() + "; " : "") + changeMaster() + "; START SLAVE;";
    }

    /** For the report: {@code MASTER_USE_GTID=slave_pos from gtid_slave_pos ''}. */
    String describe() {
        String what = gtid ? "MASTER_USE_GTID=slave_pos from gtid_slave_pos '" + gtidPosition + "'"
                : "MASTER_LOG_FILE=" + file + ", MASTER_LOG_POS=" + position + " (MASTER_USE_GTID=no)";
        return note.isEmpty() ? what : what + " (" + note + ")";
    }
}
