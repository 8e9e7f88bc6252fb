package io.sqlbackup.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.bucket.BackupCatalog;
import io.sqlbackup.bucket.Buckets;
import io.sqlbackup.bucket.StoredObject;
import io.sqlbackup.config.BackupSource;
import io.sqlbackup.config.BackupSources;
import io.sqlbackup.config.DurationSetting;
import io.sqlbackup.config.Settings;
import io.sqlbackup.ops.BackupControl;
import io.sqlbackup.ops.BackupControlMBean;
import io.sqlbackup.ops.BackupMetrics;
import io.sqlbackup.ops.BackupTracker;
import io.sqlbackup.ops.LeaderElection;
import io.sqlbackup.ops.ReachabilityCheck;
import io.sqlbackup.ops.ReachabilityChecks;
import io.sqlbackup.restore.RestoreQueue;
import io.sqlbackup.server.ServerDirectory;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code sqlbackup run} has beyond the routes: one leader-elected schedule per source (from the
 * {@code backup-schedule} route template), the cluster service that elects the leaders, the backup
 * MBeans, the backup metrics, and the readiness checks (every source's database and bucket).
 * Readiness never depends on leadership: a follower is as ready as the leader to take over.
 */
final class ServiceOperations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceOperations.class);

    private final BackupSources sources;
    private final Buckets buckets;
    private final ServerDirectory servers;
    private final BackupTracker tracker;
    private final RestoreQueue restoreQueue;
    private final CamelClusterService cluster;
    private final java.time.Duration readinessInterval;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sqlbackup-ops");
        t.setDaemon(true);
        return t;
    });
    private final List<ObjectName> mbeans = new ArrayList<>();
    private final List<ExecutorService> leaders = new ArrayList<>();
    private ReachabilityChecks readiness;

    ServiceOperations(Settings settings, BackupSources sources, Buckets buckets, ServerDirectory servers,
                      BackupTracker tracker, RestoreQueue restoreQueue) {
        this.sources = sources;
        this.buckets = buckets;
        this.servers = servers;
        this.tracker = tracker;
        this.restoreQueue = restoreQueue;
        this.cluster = LeaderElection.fromSettings(settings);
        this.readinessInterval = DurationSetting.parse("sqlbackup.readiness.interval",
                settings.get("sqlbackup.readiness.interval", "15s"));
    }

    /** Before the routes start: the {@code master:} consumers look the cluster service up when they start. */
    void configure(CamelContext context) {
        try {
            context.addService(cluster);
        } catch (Exception e) {
            throw new SqlBackupException("cannot add the leader election service: " + e.getMessage(), null, e);
        }
    }

    /** After Camel started: schedules, MBeans, metrics and readiness. */
    void start(CamelContext context, Consumer<String> backupOnce) {
        for (BackupSource source : sources.all()) {
            try {
                context.addRouteFromTemplate("backup-schedule-" + source.name(), "backup-schedule",
                        Map.of("source", source.name(), "schedule", source.schedule()));
            } catch (Exception e) {
                throw new SqlBackupException("cannot create the schedule of source " + source.name() + ": "
                        + e.getMessage(), source.key("schedule"), e);
            }
            LOG.info("Source {}: backups on '{}' into {}, when this process leads {}", source.name(), source.schedule(),
                    buckets.forSource(source.name()).describe(), LeaderElection.group(source.name()));
            register(BackupControl.objectName(source.name()), new BackupControl(tracker.source(source.name()),
                    source.schedule(), this::isLeader, name -> backupNow(name, backupOnce)));
        }
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (meters != null) {
            BackupMetrics.bind(meters, tracker, this::isLeader);
        }
        startReadiness(context);
        background.submit(this::findLastBackups);
    }

    /**
     * Runs {@code lead} each time this process becomes leader of the group and {@code lose} when it
     * stops being leader, one at a time on a background thread (so a slow start never holds up the
     * lease renewals of the elector's own thread).
     */
    void whileLeading(String group, Runnable lead, Runnable lose) {
        CamelClusterView view;
        try {
            view = cluster.getView(group);
        } catch (Exception e) {
            throw new SqlBackupException("cannot join the leader election of " + group + ": " + e.getMessage(), null, e);
        }
        ExecutorService serial = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sqlbackup-leading-" + group);
            t.setDaemon(true);
            return t;
        });
        leaders.add(serial);
        boolean[] leading = {false};
        view.addEventListener((org.apache.camel.cluster.CamelClusterEventListener.Leadership) (v, leader) -> {
            boolean me = leader != null && leader.isLocal();
            if (serial.isShutdown()) {
                return;
            }
            serial.submit(() -> {
                try {
                    if (me && !leading[0]) {
                        leading[0] = true;
                        LOG.info("This process now leads {}", group);
                        lead.run();
                    } else if (!me && leading[0]) {
                        leading[0] = false;
                        LOG.info("This process no longer leads {}", group);
                        lose.run();
                    }
                } catch (RuntimeException e) {
                    LOG.error("Leading {} failed: {}", group, e.getMessage());
                }
            });
        });
    }

    /** Whether this process holds the source's lease now. */
    boolean isLeader(String source) {
        try {
            CamelClusterView view = cluster.getView(LeaderElection.group(source));
            return view.getLocalMember().isLeader();
        } catch (Exception e) {
            return false;
        }
    }

    /** JMX backupNow: in the background, unless one of the source runs or a restore is queued or running. */
    private String backupNow(String source, Consumer<String> backupOnce) {
        java.time.Instant since = tracker.source(source).runningSince();
        if (since != null) {
            return "not started: a backup of " + source + " has been running since " + since;
        }
        if (!restoreQueue.tryStartBackup()) {
            return "not started: a restore is queued or running; try again when it has finished";
        }
        background.submit(() -> {
            try {
                backupOnce.accept(source);
            } catch (RuntimeException e) {
                LOG.error("Backup of {} asked for over JMX failed: {}", source, e.getMessage());
            } finally {
                restoreQueue.backupDone();
            }
        });
        LOG.info("Backup of {} asked for over JMX: started", source);
        return "backup of " + source + " started; its result shows in LastResult";
    }

    private void startReadiness(CamelContext context) {
        List<ReachabilityCheck> checks = new ArrayList<>();
        for (BackupSource source : sources.all()) {
            String name = source.name();
            checks.add(new ReachabilityCheck("source-" + name, () -> {
                try (Connection c = servers.source(name).connect()) {
                    if (!c.isValid(5)) {
                        throw new SqlBackupException("the database of source " + name + " (" + servers.source(name)
                                + ") did not answer within 5 s");
                    }
                }
            }));
            checks.add(new ReachabilityCheck("bucket-" + name, () -> buckets.forSource(name).checkReachable()));
        }
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        checks.forEach(registry::register);
        readiness = new ReachabilityChecks(checks, readinessInterval);
    }

    /** A restarted service reports the last backup already in each bucket until it takes its own. */
    private void findLastBackups() {
        for (BackupSource source : sources.all()) {
            try {
                List<StoredObject> backups = BackupCatalog.of(buckets.forSource(source.name())).backups();
                if (!backups.isEmpty()) {
                    tracker.found(source.name(), backups.get(backups.size() - 1));
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not list the backups of source {} to find its last one: {}", source.name(), e.getMessage());
            }
        }
    }

    private void register(String name, BackupControl control) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName objectName = new ObjectName(name);
            if (server.isRegistered(objectName)) {
                // another sqlbackup service in this JVM (tests, or an embedding application) has it
                LOG.warn("MBean {} is already registered in this JVM; this service does not register its own", name);
                return;
            }
            server.registerMBean(new StandardMBean(control, BackupControlMBean.class), objectName);
            mbeans.add(objectName);
        } catch (javax.management.InstanceAlreadyExistsException e) {
            LOG.warn("MBean {} is already registered in this JVM; this service does not register its own", name);
        } catch (JMException e) {
            throw new SqlBackupException("cannot register the MBean " + name + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (readiness != null) {
            readiness.close();
        }
        background.shutdownNow();
        leaders.forEach(ExecutorService::shutdown);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : mbeans) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                // already gone
            }
        }
        mbeans.clear();
    }
}
