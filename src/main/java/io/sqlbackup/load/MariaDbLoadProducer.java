package io.sqlbackup.load;

import io.sqlbackup.config.ByteSize;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.archive.UnpackedEntries;
import io.sqlbackup.bucket.ObjectDamagedException;
import io.sqlbackup.restore.RestoreCommand;
import io.sqlbackup.restore.RestoreHeaders;
import io.sqlbackup.restore.RestoreReport;
import io.sqlbackup.restore.RestoreRun;
import io.sqlbackup.server.ServerAccess;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Loads a target, or takes the unfinished-restore mark off it; see {@link MariaDbLoadEndpoint}. */
public class MariaDbLoadProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbLoadProducer.class);
    private static final long PROGRESS_EVERY_SECONDS = 10;

    private final MariaDbLoadEndpoint endpoint;

    public MariaDbLoadProducer(MariaDbLoadEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        ArchiveIndex index = require(message, RestoreHeaders.ARCHIVE_INDEX, ArchiveIndex.class);
        RestoreCommand command = require(message, RestoreHeaders.COMMAND, RestoreCommand.class);
        RestoreReport report = message.getHeader(RestoreHeaders.REPORT, RestoreReport.class);
        if (report == null) {
            report = new RestoreReport();
            message.setHeader(RestoreHeaders.REPORT, report);
        }
        ServerAccess target = endpoint.getComponent().getServers().access(endpoint.getTarget());
        if (endpoint.getOperation() == LoadOperation.finish) {
            finish(target, index, command, report);
            return;
        }
        requireSameObject(message, index);
        RestoreRun run = message.getHeader(RestoreHeaders.RUN, RestoreRun.class);
        LoadProgress progress = new LoadProgress(target.role());
        if (run != null) {
            run.stage("loading the " + target.role() + " " + target.address());
            run.load(progress);
        }
        TargetLoad load = new TargetLoad(target, index, command, endpoint.options(), report, progress);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqlbackup-load-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            LOG.info("Restore of the {}: {}", target.role(), progress);
            if (run != null) {
                run.publish();
            }
        }, PROGRESS_EVERY_SECONDS, PROGRESS_EVERY_SECONDS, TimeUnit.SECONDS);
        long started = System.nanoTime();
        try (UnpackedEntries entries = message.getMandatoryBody(UnpackedEntries.class)) {
            LOG.info("Loading {} from {} on {} connections", load.where(), index.objectName(), endpoint.getThreads());
            load.load(entries);
        } finally {
            ticker.shutdownNow();
        }
        List<TableName> tables = load.restoredTables();
        message.setHeader(RestoreHeaders.RESTORED_TABLES, tables);
        message.setBody(progress);
        String summary = progress.tablesDone() + " tables, " + ByteSize.describe(progress.bytes()) + " of rows in "
                + TargetLoad.seconds(started);
        report.done("loaded " + load.where(), summary);
        LOG.info("Loaded {}: {}", load.where(), summary);
    }

    private void finish(ServerAccess target, ArchiveIndex index, RestoreCommand command, RestoreReport report) throws SQLException {
        LoadScope scope = LoadScope.of(command, index);
        List<String> cleared = new ArrayList<>();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            for (String db : scope.databases()) {
                if (TargetDatabases.clearMark(s, db)) {
                    cleared.add(db);
                }
            }
            if ("primary".equals(target.role())) {
                String events = EventStates.release(s, scope.databases());
                if (events != null) {
                    report.done("events on the primary " + target.address(), events);
                }
            }
        }
        report.done("restore complete on the " + target.role() + " " + target.address(), cleared.size()
                + " database" + (cleared.size() == 1 ? "" : "s") + " no longer marked unfinished");
    }

    /** The load passes must read the object the verify pass checked, not one stored since under the same name. */
    private static void requireSameObject(Message message, ArchiveIndex index) {
        String name = message.getHeader(BackupHeaders.OBJECT_NAME, String.class);
        String sha = message.getHeader(BackupHeaders.OBJECT_SHA256, String.class);
        Long size = message.getHeader(BackupHeaders.OBJECT_SIZE, Long.class);
        boolean same = Objects.equals(name, index.objectName())
                && (sha == null || index.objectSha256() == null || sha.equalsIgnoreCase(index.objectSha256()))
                && (size == null || index.objectSize() < 0 || size == index.objectSize());
        if (!same) {
            throw new ObjectDamagedException("the backup object " + index.objectName() + " changed after it was verified ("
                    + "now " + name + ", " + size + " bytes); nothing more was loaded. Run the restore again");
        }
    }

    private static <T> T require(Message message, String header, Class<T> type) {
        T value = message.getHeader(header, type);
        if (value == null) {
            throw new IllegalStateException("mariadb-load needs the " + header + " header (set by the restore route)");
        }
        return value;
    }
}
