package io.sqlbackup.service;

import io.sqlbackup.config.ByteSize;
import io.sqlbackup.load.ArchiveIndexer;
import io.sqlbackup.restore.RestoreControl;
import io.sqlbackup.restore.RestoreControlMBean;
import io.sqlbackup.restore.RestoreHeaders;
import io.sqlbackup.restore.RestoreInbox;
import io.sqlbackup.restore.RestorePlan;
import io.sqlbackup.restore.RestoreQueue;
import io.sqlbackup.restore.RestoreRun;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.bucket.Bucket;
import io.sqlbackup.bucket.Buckets;
import io.sqlbackup.config.BackupSources;
import io.sqlbackup.ops.BackupTracker;
import io.sqlbackup.bucket.BucketLocation;
import io.sqlbackup.bucket.StoredObject;
import io.sqlbackup.config.Settings;
import io.sqlbackup.crypto.KeyRing;
import io.sqlbackup.dump.DumpProgress;
import io.sqlbackup.ops.ArchiveExtractor;
import io.sqlbackup.ops.ArchiveReport;
import io.sqlbackup.ops.ArchiveVerifier;
import io.sqlbackup.ops.RetentionPlan;
import io.sqlbackup.ops.RetentionPolicy;
import io.sqlbackup.server.ServerDirectory;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * sqlbackup as a Camel Main application: the routes in {@code routes/*.camel.yaml}, the resolved
 * settings as property placeholders (secrets excepted), and the beans the components autowire:
 * the server directory and the key ring. Everything that can be checked without a server
 * (key, bucket, options) is checked when it starts.
 */
public final class SqlbackupService implements AutoCloseable {

    public static final String BACKUP_ENDPOINT = "direct:backup";
    public static final String RETENTION_ENDPOINT = "direct:retention";
    public static final String RESTORE_ENDPOINT = "direct:restore";
    /** The leader election group (Lease {@code sqlbackup-restore}) whose holder watches SqlRestore resources. */
    public static final String RESTORE_GROUP = "restore";

    private final Main main;
    private final RestoreQueue restoreQueue;
    private final io.sqlbackup.restore.kubernetes.SqlRestoreWatch sqlRestores;
    private final BackupTracker tracker;
    private final ServiceOperations operations;
    private final Settings settings;
    private javax.management.ObjectName restoreMBean;

    /** What a command needs besides the bucket; checked before anything starts. */
    public enum Needs {
        /** Takes backups: the key, and a writable bucket. */
        BACKUP,
        /** Reads archives (extract, verify): the key; the bucket may be read-only. */
        ARCHIVES,
        /** Only lists or prunes objects: no key. */
        BUCKET
    }

    /** The service that takes backups. */
    public SqlbackupService(Settings settings) {
        this(settings, Needs.BACKUP);
    }

    /**
     * A service or a one-shot command's Camel: {@code sqlbackup.schedule.enabled=false} marks the
     * latter (the commands set it); {@code sqlbackup run} says which it is with {@link #service(Settings)}.
     */
    public SqlbackupService(Settings settings, Needs needs) {
        this(settings, needs, "true".equals(settings.get("sqlbackup.schedule.enabled", "true")));
    }

    /**
     * What {@code sqlbackup run} runs: schedules (unless sqlbackup.schedule.enabled is false, which
     * then holds only the schedules back), restore sources, leader election, the management server.
     */
    public static SqlbackupService service(Settings settings) {
        return new SqlbackupService(settings, Needs.BACKUP, true);
    }

    private SqlbackupService(Settings settings, Needs needs, boolean service) {
        // Opened and checked here, so bad settings fail with one line before Camel starts, not a startup stack trace.
        this.settings = settings;
        BackupSources sources = BackupSources.fromSettings(settings);
        KeyRing keys = needs == Needs.BUCKET && !KeyRing.isConfigured(settings) ? null : KeyRing.fromSettings(settings);
        Bucket bucket = BucketLocation.open(settings);
        Buckets buckets = new Buckets(settings, sources, bucket);
        if (needs == Needs.BACKUP) {
            buckets.checkWritable();
        }
        main = new Main();
        // Our settings are the only property source: no stray application.properties from the class path.
        main.setDefaultPropertyPlaceholderLocation("false");
        Properties properties = settings.placeholderProperties();
        // The inbox is watched by the service only, not by one-shot commands.
        properties.setProperty("sqlbackup.restore.inbox.active", String.valueOf(
                service && !settings.get("sqlbackup.restore.inbox", "").isBlank()));
        ManagementServer.configure(settings, service, properties);
        if (!service && !properties.containsKey("camel.main.startup-summary-level")) {
            // A one-shot command's output is its report: no listing of Camel's routes starting and stopping.
            properties.setProperty("camel.main.startup-summary-level", "Off");
        }
        main.setInitialProperties(properties);
        main.setOverrideProperties(properties);
        ServerDirectory servers = new ServerDirectory(settings);
        main.bind("servers", servers);
        if (keys != null) {
            main.bind("keyRing", keys);
        }
        main.bind("bucket", bucket);
        main.bind("buckets", buckets);
        tracker = new BackupTracker(sources);
        main.bind("backupTracker", tracker);
        main.bind("retentionPolicy", RetentionPolicy.fromSettings(settings));
        main.bind("archiveVerifier", new ArchiveVerifier());
        main.bind("archiveExtractor", new ArchiveExtractor());
        main.bind("restorePlan", new RestorePlan(servers, buckets));
        main.bind("archiveIndexer", new ArchiveIndexer(ByteSize.parse("sqlbackup.restore.held-memory",
                settings.get("sqlbackup.restore.held-memory", "64MB")), spillDirectory(settings)));
        restoreQueue = new RestoreQueue(this::runRestore);
        main.bind("restoreQueue", restoreQueue);
        org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository seen =
                new org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository();
        main.bind("restoreInboxSeen", seen);
        main.bind("restoreInbox", new RestoreInbox(restoreQueue, seen));
        // SqlRestore resources are watched by the service only, like the inbox
        sqlRestores = service && io.sqlbackup.restore.kubernetes.SqlRestoreWatch.isEnabled(settings)
                ? new io.sqlbackup.restore.kubernetes.SqlRestoreWatch(settings, restoreQueue) : null;
        operations = service ? new ServiceOperations(settings, sources, buckets, servers, tracker, restoreQueue) : null;
        if (operations != null) {
            main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
                @Override
                public void afterConfigure(org.apache.camel.main.BaseMainSupport configured) {
                    operations.configure(configured.getCamelContext());
                }
            });
        }
    }

    private static java.nio.file.Path spillDirectory(Settings settings) {
        String dir = settings.get("sqlbackup.restore.spill-directory", "");
        return dir.isBlank() ? null : java.nio.file.Path.of(dir);
    }

    /** The queue every restore source feeds. */
    public RestoreQueue restoreQueue() {
        return restoreQueue;
    }

    /** Runs one restore command through the route, on the queue's thread. */
    private String runRestore(RestoreRun run) {
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(RestoreHeaders.COMMAND, run.command());
        headers.put(RestoreHeaders.REPORT, run.report());
        headers.put(RestoreHeaders.RUN, run);
        try {
            Exchange done = send(RESTORE_ENDPOINT, headers);
            return done.getMessage().getBody(String.class);
        } catch (RuntimeException e) {
            if (run.report().failure() == null) {
                SqlBackupException known = SqlBackupException.findIn(e);
                run.report().failed(run.status().stage() == null ? "restore" : run.status().stage(),
                        known != null ? known.getMessage() : describe(e));
            }
            throw e;
        }
    }

    /** Starts the routes (and the schedule, unless sqlbackup.schedule.enabled is false). */
    public void start() {
        try {
            main.start();
            registerRestoreControl();
            io.micrometer.core.instrument.MeterRegistry meters =
                    context().getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
            if (meters != null) {
                io.sqlbackup.restore.RestoreMetrics.bind(meters, restoreQueue);
            }
            if (operations != null) {
                ManagementServer.mountJolokia(settings, context());
                operations.start(context(), this::backupOnce);
            }
            if (sqlRestores != null) {
                // After Camel: the queue's runner needs the restore route. One pod of a namespace takes
                // SqlRestore resources (the holder of the restore lease), or two would run each restore.
                operations.whileLeading(RESTORE_GROUP, sqlRestores::start, sqlRestores::stop);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            throw new SqlBackupException("the service did not start; see the log above");
        }
    }

    /**
     * Starts, then runs until the JVM is asked to stop (SIGTERM, Ctrl-C), when it closes: restore
     * commands not yet run are reported as not run, Camel shuts down. Leases are not written back:
     * camel-kubernetes elects among running, ready pods only, so another pod takes a stopped pod's
     * leases once it is no longer ready or gone.
     */
    public void runUntilStopped() throws InterruptedException {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            close();
            stopped.countDown();
        }, "sqlbackup-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            start();
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
        stopped.await();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Runs the backup route once, now, on this thread (for the only source). */
    public BackupResult backupOnce() {
        return backupOnce(null);
    }

    /** Runs the backup of one source once, now, on this thread; null names the only source. */
    public BackupResult backupOnce(String source) {
        return backupOnce(source, new DumpProgress());
    }

    /** The same, with the dump's progress handed in, so a caller can show it while the backup runs. */
    public BackupResult backupOnce(String source, DumpProgress progress) {
        long started = System.nanoTime();
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(BackupHeaders.DUMP_PROGRESS, progress);
        if (source != null) {
            headers.put(BackupHeaders.SOURCE, source);
        }
        Exchange done = send(BACKUP_ENDPOINT, headers);
        return new BackupResult(done.getMessage().getBody(StoredObject.class),
                done.getMessage().getHeader(BackupHeaders.DUMP_PROGRESS, DumpProgress.class),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Reads the archive to its end and checks every digest; {@code latest} names the newest backup. */
    public ArchiveReport verify(String archive) {
        return verify(archive, new io.sqlbackup.bucket.ObjectReadProgress());
    }

    /** The same, counting the object's bytes as they are read. */
    public ArchiveReport verify(String archive, io.sqlbackup.bucket.ObjectReadProgress reading) {
        return send("direct:verify", Map.of(BackupHeaders.OBJECT_NAME, archive, BackupHeaders.READ_PROGRESS, reading))
                .getMessage().getBody(ArchiveReport.class);
    }

    /** Unpacks the archive into a new or empty directory, checking it on the way. */
    public ArchiveReport extract(String archive, java.nio.file.Path directory) {
        return extract(archive, directory, new io.sqlbackup.bucket.ObjectReadProgress());
    }

    /** The same, counting the object's bytes as they are read. */
    public ArchiveReport extract(String archive, java.nio.file.Path directory, io.sqlbackup.bucket.ObjectReadProgress reading) {
        return send("direct:extract", Map.of(BackupHeaders.OBJECT_NAME, archive,
                BackupHeaders.EXTRACT_DIRECTORY, directory.toString(), BackupHeaders.READ_PROGRESS, reading))
                .getMessage().getBody(ArchiveReport.class);
    }

    /** Applies the retention policy now, on this thread. */
    public RetentionPlan retentionOnce() {
        return send(RETENTION_ENDPOINT, Map.of()).getMessage().getBody(RetentionPlan.class);
    }

    /**
     * Sends an exchange with the given headers through a route on this thread and returns it;
     * a failure is rethrown as the operator-facing exception it carries.
     */
    public Exchange send(String endpoint, Map<String, Object> headers) {
        try (ProducerTemplate template = context().createProducerTemplate()) {
            Exchange done = template.send(endpoint, exchange -> exchange.getMessage().setHeaders(new java.util.HashMap<>(headers)));
            if (done.getException() != null) {
                Exception failure = done.getException();
                SqlBackupException known = SqlBackupException.findIn(failure);
                throw known != null ? known : new SqlBackupException(endpoint + " failed: " + describe(failure), null, failure);
            }
            return done;
        } catch (java.io.IOException e) {
            throw new SqlBackupException("closing the producer failed: " + e.getMessage());
        }
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private void registerRestoreControl() {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name = new javax.management.ObjectName(RestoreControl.OBJECT_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new javax.management.StandardMBean(new RestoreControl(restoreQueue), RestoreControlMBean.class), name);
                restoreMBean = name;
            }
        } catch (javax.management.InstanceAlreadyExistsException e) {
            // another sqlbackup service in this JVM registered it a moment ago
        } catch (javax.management.JMException e) {
            throw new SqlBackupException("cannot register the restore MBean " + RestoreControl.OBJECT_NAME + ": " + e.getMessage());
        }
    }

    /** What every source's backups did lately (JMX and metrics read the same). */
    public BackupTracker backups() {
        return tracker;
    }

    /** Whether this process holds the source's lease and runs its schedule (false for one-shot commands). */
    public boolean isLeader(String source) {
        return operations != null && operations.isLeader(source);
    }

    @Override
    public void close() {
        if (operations != null) {
            operations.close();
        }
        // the queue first, so the commands it drops are reported as not run before the watch stops writing
        restoreQueue.close();
        if (sqlRestores != null) {
            sqlRestores.close();
        }
        if (restoreMBean != null) {
            try {
                java.lang.management.ManagementFactory.getPlatformMBeanServer().unregisterMBean(restoreMBean);
            } catch (javax.management.JMException e) {
                // already gone
            }
            restoreMBean = null;
        }
        try {
            main.stop();
        } catch (RuntimeException e) {
            // stopping after a failed start may find nothing to stop
        }
    }
}
