package io.sqlbackup.restore;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.bucket.BackupCatalog;
import io.sqlbackup.bucket.Buckets;
import io.sqlbackup.load.ArchiveIndex;
import io.sqlbackup.load.LoadScope;
import io.sqlbackup.load.RestoreLock;
import io.sqlbackup.load.TargetCheck;
import io.sqlbackup.load.TargetDatabases;
import io.sqlbackup.replication.BinlogCoordinates;
import io.sqlbackup.replication.ReplicaCoordinates;
import io.sqlbackup.server.ServerAccess;
import io.sqlbackup.server.ServerDirectory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The restore route's own decisions: what to restore and whether it may be, before any server is
 * touched, and the summary at the end.
 */
public final class RestorePlan {

    private static final Logger LOG = LoggerFactory.getLogger(RestorePlan.class);

    public static final String RESTORES_PRIMARY = "SqlBackupRestorePrimary";
    public static final String RESTORES_REPLICA = "SqlBackupRestoreReplica";
    public static final String RESYNC = "SqlBackupRestoreResync";

    private final ServerDirectory servers;
    private final Buckets buckets;

    public RestorePlan(ServerDirectory servers, Buckets buckets) {
        this.servers = servers;
        this.buckets = buckets;
    }

    /** Resolves the backup to one object and refuses targets that hold data the command may not replace. */
    public void check(Exchange exchange) {
        Message m = exchange.getMessage();
        RestoreCommand command = m.getHeader(RestoreHeaders.COMMAND, RestoreCommand.class);
        if (command == null) {
            throw new BadRestoreCommandException("no restore command given");
        }
        RestoreReport report = report(m);
        RestoreRun run = m.getHeader(RestoreHeaders.RUN, RestoreRun.class);
        if (run != null) {
            run.stage("checking the targets");
        }
        m.setHeader(RESTORES_PRIMARY, command.restoresPrimary());
        m.setHeader(RESTORES_REPLICA, command.restoresReplica());
        m.setHeader(RESYNC, command.resyncsReplication());
        // The bucket of the source the command names (the only one when it names none) for every read below.
        String source = servers.sources().select(command.source()).name();
        m.setHeader(BackupHeaders.SOURCE, source);
        String name = BackupCatalog.find(command.backup(), buckets.forSource(source)).name();
        m.setHeader(BackupHeaders.OBJECT_NAME, name);
        // Locks on every target first (released when the restore ends, whatever its outcome), so no
        // other sqlbackup process restores into them meanwhile.
        for (RestoreCommand.Target t : command.targets()) {
            RestoreLock lock = RestoreLock.take(servers.access(t.role()));
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    lock.close();
                }
            });
        }
        for (RestoreCommand.Target t : command.targets()) {
            ServerAccess target = servers.access(t.role());
            TargetDatabases present = TargetCheck.require(target, command);
            List<String> unfinished = present.leftUnfinished(command.databases().isEmpty() ? null : command.databases());
            report.done("checked the " + t.role() + " " + target.address(), present.names().isEmpty() ? "no user databases"
                    : unfinished.size() == present.names().size() ? unfinished.size() + " databases an unfinished restore left, to be replaced"
                    : present.names().size() + " user databases; " + (command.overwrite() ? "overwrite allowed" : "none named"));
        }
        if (command.resyncsReplication()) {
            servers.access("primary"); // both must be configured for a re-sync, even when only the replica is loaded
        }
        if (run != null) {
            run.stage("verifying " + name);
            // the verify pass's bucket:get counts into it, so its progress can be shown
            io.sqlbackup.bucket.ObjectReadProgress reading = new io.sqlbackup.bucket.ObjectReadProgress();
            m.setHeader(BackupHeaders.READ_PROGRESS, reading);
            run.reading(reading);
        }
    }

    /** After the verify pass: the scope against the archive, the coordinates, and the plan in the report. */
    public void plan(Exchange exchange) {
        Message m = exchange.getMessage();
        // the verify pass is over: the loads' reads of the archive show their own progress
        m.removeHeader(BackupHeaders.READ_PROGRESS);
        ArchiveIndex index = m.getHeader(RestoreHeaders.ARCHIVE_INDEX, ArchiveIndex.class);
        // the held files live until the restore is over, whatever its outcome
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                index.close();
            }
        });
        RestoreCommand command = m.getHeader(RestoreHeaders.COMMAND, RestoreCommand.class);
        RestoreReport report = report(m);
        LoadScope scope = LoadScope.of(command, index);
        report.done("verified " + index.objectName(), (index.manifest() != null ? "every entry matches its manifest digest"
                : "no manifest (an archive of the old scripts): tar and compression checks passed") + "; "
                + scope.databases().size() + " of " + index.databases().size() + " databases, "
                + index.tables().keySet().stream().filter(t -> scope.includes(t.database())).count() + " tables to restore"
                + (index.held().spilledBytes() > 0 ? "; " + index.held().spilledBytes() + " bytes of schema files kept on disk" : ""));
        List<String> system = index.databases().stream().filter(LoadScope::isSystem).toList();
        if (!system.isEmpty()) {
            report.done("not loaded", "the archive's server schema" + (system.size() == 1 ? " " : "s ") + String.join(", ", system)
                    + " (the old server's own state: accounts, grants, time zones); the targets keep theirs. To bring an "
                    + "account back, create it by hand, or extract the archive (sqlbackup extract) and read its mysql.global_priv");
        }
        if (!index.ignored().isEmpty()) {
            report.done("not loaded", index.ignored().size() + " entries that are not dump files: "
                    + String.join(", ", index.ignored().subList(0, Math.min(5, index.ignored().size()))));
        }
        if (command.resyncsReplication() && !command.restoresPrimary()) {
            // Only the replica is rebuilt: it starts from where the dumped replica stood in the primary's binlog.
            ReplicaCoordinates at = index.coordinates() == null ? null : index.coordinates().replica();
            if (at == null) {
                throw new BadRestoreCommandException(index.objectName() + " records no replica coordinates (it was not "
                        + "dumped from a replica), so a replica loaded from it cannot be pointed at the primary. Restore "
                        + "both targets, or set \"replication\": false. Nothing was changed");
            }
            m.setHeader(RestoreHeaders.RESYNC_COORDINATES, new BinlogCoordinates(at.file(), at.position(), at.gtid()));
        }
        List<String> steps = new ArrayList<>();
        if (command.restoresPrimary()) {
            steps.add("load the primary");
        }
        if (command.resyncsReplication() && command.restoresPrimary()) {
            steps.add("RESET MASTER");
        }
        if (command.resyncsReplication()) {
            steps.add("STOP SLAVE");
        }
        if (command.restoresReplica()) {
            steps.add("load the replica");
        }
        if (command.resyncsReplication()) {
            steps.add("RESET SLAVE, CHANGE MASTER TO " + (command.restoresPrimary() ? "the primary's new coordinates"
                    : "the archive's replica coordinates") + ", START SLAVE, check");
        }
        String plan = String.join(" -> ", steps);
        report.done("plan", plan);
        LOG.info("Restore plan for {}: {}", index.objectName(), plan);
        if (command.restoresPrimary() && !command.restoresReplica()) {
            LOG.warn("Only the primary is restored: the replica is not touched and no longer matches it");
        }
    }

    /** The outcome line. */
    public String summary(Exchange exchange) {
        Message m = exchange.getMessage();
        RestoreCommand command = m.getHeader(RestoreHeaders.COMMAND, RestoreCommand.class);
        String name = m.getHeader(BackupHeaders.OBJECT_NAME, String.class);
        String outcome = "restored " + name + " to the " + String.join(" and the ", command.targets().stream()
                .map(RestoreCommand.Target::role).toList()) + (command.resyncsReplication() ? "; replication re-synced and checked" : "");
        m.setBody(outcome);
        return outcome;
    }

    private static RestoreReport report(Message m) {
        RestoreReport report = m.getHeader(RestoreHeaders.REPORT, RestoreReport.class);
        if (report == null) {
            report = new RestoreReport();
            m.setHeader(RestoreHeaders.REPORT, report);
        }
        return report;
    }
}
