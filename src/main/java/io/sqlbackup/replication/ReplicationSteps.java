package io.sqlbackup.replication;

import io.sqlbackup.SqlBackupException;
import io.sqlbackup.load.TableName;
import io.sqlbackup.restore.RestoreHeaders;
import io.sqlbackup.restore.RestoreReport;
import io.sqlbackup.server.ServerAccess;
import io.sqlbackup.server.ServerDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Message;

/**
 * The four replication operations of a restore, each recording its steps in the restore report and
 * reading and writing the headers the restore stages share. A failure names the step, why it failed,
 * the state of both servers and what to do.
 */
final class ReplicationSteps {

    private final ServerDirectory servers;
    private final RestoreReport report;
    private final Message message;

    ReplicationSteps(ServerDirectory servers, RestoreReport report, Message message) {
        this.servers = servers;
        this.report = report;
        this.message = message;
    }

    /** RESET MASTER on the primary; sets PRIMARY_COORDINATES, and RESYNC_COORDINATES unless already given. */
    void resetPrimary() {
        ServerAccess primary = servers.access("primary");
        String step = "RESET MASTER on primary " + primary.address();
        BinlogCoordinates start;
        try {
            start = PrimaryReset.reset(primary);
        } catch (PrimaryReset.NoBinaryLogException e) {
            throw fail(step, e.getMessage() + ". The primary is restored; nothing was reset, and the replica was not touched yet. "
                    + "Turn the primary's binary log on (log_bin, e.g. log-bin=mysql-bin in its server configuration, then restart it) "
                    + "and restore both servers again (with \"overwrite\": true, since the primary now holds the restored databases)", e);
        } catch (SQLException | SqlBackupException e) {
            throw fail(step, e.getMessage() + ". The primary is restored, but its binary log may not have been reset; the replica was "
                    + "not touched yet. Fix the cause and restore both servers again (with \"overwrite\": true, since the primary now "
                    + "holds the restored databases)", e);
        }
        message.setHeader(RestoreHeaders.PRIMARY_COORDINATES, start);
        if (message.getHeader(RestoreHeaders.RESYNC_COORDINATES) == null) {
            message.setHeader(RestoreHeaders.RESYNC_COORDINATES, start);
        }
        report.done(step, "its binary log now starts at " + start.describe() + "; the replica will start reading there");
    }

    /** STOP SLAVE on the replica; refuses, changing nothing, a replica with no replication set up. */
    void stopReplica() {
        ServerAccess replica = servers.access("replica");
        String step = "STOP SLAVE on replica " + replica.address();
        RestoreState state = state();
        try {
            ReplicaStatus before = ReplicaStop.stop(replica);
            report.done(step, "stopped replication from " + before.source() + (before.usesGtid()
                    ? ", which uses GTID (Using_Gtid=" + before.usingGtid() + ")" : ", which uses file and position (Using_Gtid=No)"));
        } catch (ReplicaStop.NotAReplicaException e) {
            throw fail(step, e.getMessage() + ". Nothing was changed on the replica. " + state.primary() + " " + setUpReplication(state), e);
        } catch (SQLException | SqlBackupException e) {
            throw fail(step, e.getMessage() + ". " + state.primary() + " The replica is not loaded yet, and replication on it may still "
                    + "be running (see SHOW SLAVE STATUS). Fix the cause and " + state.restoreAgain(), e);
        }
    }

    private static String setUpReplication(RestoreState state) {
        return "Set up replication on the replica once, with CHANGE MASTER TO MASTER_HOST='<primary host>', MASTER_PORT=<port>, "
                + "MASTER_USER='<replication user>', MASTER_PASSWORD='<its password>' (restores keep these settings as they are), then "
                + (state.primaryReset() != null
                ? "restore both servers again (with \"overwrite\": true, since the primary now holds the restored databases)"
                : "run the restore again");
    }

    /** RESET SLAVE, CHANGE MASTER TO the RESYNC_COORDINATES (position only), START SLAVE. */
    void startReplica() {
        ServerAccess replica = servers.access("replica");
        String step = "RESET SLAVE and CHANGE MASTER TO on replica " + replica.address();
        RestoreState state = state();
        BinlogCoordinates target = message.getHeader(RestoreHeaders.RESYNC_COORDINATES, BinlogCoordinates.class);
        String loaded = " The replica is loaded; replication on it is stopped.";
        if (target == null) {
            throw fail(step, "no re-sync coordinates were given (header " + RestoreHeaders.RESYNC_COORDINATES + ": replication:resetPrimary "
                    + "sets them, or the archive's replica coordinates for a replica-only restore). " + state.primary() + loaded
                    + " Point the replica by hand (CHANGE MASTER TO MASTER_LOG_FILE=..., MASTER_LOG_POS=...; START SLAVE) or "
                    + state.restoreAgain(), null);
        }
        ReplicaRepoint plan = null;
        try (Connection c = replica.connect(); Statement s = c.createStatement()) {
            ReplicaStatus before = ReplicaStop.configuredStatus(s);
            plan = ReplicaRepoint.plan(before, target, this::gtidOnPrimary);
            String extra = plan.apply(s);
            report.done(step, plan.describe() + "; it still connects to " + before.source() + (extra.isEmpty() ? "" : "; " + extra));
            step = "START SLAVE on replica " + replica.address();
            s.execute("START SLAVE");
            report.done(step, "replicating from " + target.describe());
        } catch (ReplicaStop.NotAReplicaException e) {
            throw fail(step, e.getMessage() + ". " + state.primary() + " The replica is loaded. " + setUpReplication(state), e);
        } catch (IllegalArgumentException e) {
            throw fail(step, e.getMessage() + ". " + state.primary() + loaded + " Point the replica by hand at the primary's "
                    + "coordinates (CHANGE MASTER TO ...; START SLAVE) or " + state.restoreAgain(), e);
        } catch (SQLException | SqlBackupException e) {
            String manual = plan != null ? plan.manualStatements() : "CHANGE MASTER TO MASTER_LOG_FILE='" + target.file()
                    + "', MASTER_LOG_POS=" + target.position() + "; START SLAVE;";
            throw fail(step, e.getMessage() + ". " + state.primary() + loaded + " Fix the cause, then on the replica run: RESET SLAVE; "
                    + manual + " Or " + state.restoreAgain(), e);
        }
    }

    /** BINLOG_GTID_POS on the primary: the GTID position of a binlog file and offset, null when it cannot say. */
    private String gtidOnPrimary(String file, long position) {
        try (Connection c = servers.access("primary").connect();
             PreparedStatement q = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
            q.setString(1, file);
            q.setLong(2, position);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** Replication runs and caught up, a marker passes through, restored tables have equal checksums. */
    void verify(Duration timeout) {
        ServerAccess primary = servers.access("primary");
        ServerAccess replica = servers.access("replica");
        new ReplicationCheck(primary, replica, timeout, report, state()).run(restoredTables());
    }

    private List<TableName> restoredTables() {
        Object header = message.getHeader(RestoreHeaders.RESTORED_TABLES);
        List<TableName> tables = new ArrayList<>();
        if (header instanceof Iterable<?> items) {
            for (Object item : items) {
                if (item instanceof TableName t) {
                    tables.add(t);
                }
            }
        }
        return tables;
    }

    private RestoreState state() {
        return new RestoreState(address("primary"), address("replica"),
                message.getHeader(RestoreHeaders.PRIMARY_COORDINATES, BinlogCoordinates.class));
    }

    private String address(String role) {
        try {
            return servers.access(role).address();
        } catch (SqlBackupException e) {
            return "(" + role + " not configured)";
        }
    }

    private static ReplicationStepException fail(String step, String why, Throwable cause) {
        return new ReplicationStepException(step, step + " failed: " + why + ".", cause);
    }
}
