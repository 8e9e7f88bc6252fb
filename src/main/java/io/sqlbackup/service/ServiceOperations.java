package io.sqlbackup.service;

import io.micrometer.core.instrument.Gauge;
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
import io.sqlbackup.ops.LeaseRenewals;
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
    private final boolean schedules;
    private final boolean sourcesInReadiness;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sqlbackup-ops");
        t.setDaemon(true);
        return t;
    });
    private final List<ObjectName> mbeans = new ArrayList<>();
    private final List<ExecutorService> leaders = new ArrayList<>();
    private static final java.time.Duration RETRY_LEADING = java.time.Duration.ofSeconds(30);
    private ReachabilityChecks readiness;
    private io.fabric8.kubernetes.client.KubernetesClient kubernetes;
    private final String masterUrl;

    ServiceOperations(Settings settings, BackupSources sources, Buckets buckets, ServerDirectory servers,
                      BackupTracker tracker, RestoreQueue restoreQueue) {
        this.sources = sources;
        this.buckets = buckets;
        this.servers = servers;
        this.tracker = tracker;
        this.restoreQueue = restoreQueue;
        this.cluster = LeaderElection.fromSettings(settings);
        this.masterUrl = settings.get(io.sqlbackup.config.KubernetesClients.MASTER_URL);
        this.schedules = "true".equals(settings.get("sqlbackup.schedule.enabled", "true"));
        this.sourcesInReadiness = "true".equals(settings.get("sqlbackup.readiness.sources", "true"));
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
            if (schedules) {
                addSchedule(context, source);
            } else {
                LOG.warn("Source {}: no scheduled backups (sqlbackup.schedule.enabled = false)", source.name());
            }
            register(BackupControl.objectName(source.name()), new BackupControl(tracker.source(source.name()),
                    source.schedule(), this::isLeader, name -> backupNow(name, backupOnce)));
        }
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (meters != null) {
            BackupMetrics.bind(meters, tracker, this::isLeader);
        }
        startReadiness(context, meters);
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
        java.util.concurrent.ScheduledExecutorService serial = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqlbackup-leading-" + group);
            t.setDaemon(true);
            return t;
        });
        leaders.add(serial);
        Leading leading = new Leading(group, lead, lose, serial);
        view.addEventListener((org.apache.camel.cluster.CamelClusterEventListener.Leadership) (v, leader) -> {
            boolean me = leader != null && leader.isLocal();
            if (!serial.isShutdown()) {
                serial.submit(() -> leading.follow(me));
            }
        });
    }

    /**
     * Whether this process is doing what the group's leader does. A start that fails (an API server
     * that does not answer, a missing permission) is tried again every {@link #RETRY_LEADING} while
     * this process still leads, rather than leaving the group led by a process that does nothing.
     */
    private final class Leading {
        private final String group;
        private final Runnable lead;
        private final Runnable lose;
        private final java.util.concurrent.ScheduledExecutorService serial;
        private boolean started;

        Leading(String group, Runnable lead, Runnable lose, java.util.concurrent.ScheduledExecutorService serial) {
            this.group = group;
            this.lead = lead;
            this.lose = lose;
            this.serial = serial;
        }

        void follow(boolean leader) {
            if (leader && !started) {
                LOG.info("This process now leads {}", group);
                try {
                    lead.run();
                    started = true;
                } catch (RuntimeException e) {
                    LOG.error("Leading {} failed: {}; trying again in {} s", group, e.getMessage(), RETRY_LEADING.toSeconds());
                    serial.schedule(() -> follow(cluster.isLeader(group)), RETRY_LEADING.toMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            } else if (!leader && started) {
                started = false;
                LOG.info("This process no longer leads {}", group);
                try {
                    lose.run();
                } catch (RuntimeException e) {
                    LOG.error("Stepping down from {} failed: {}", group, e.getMessage());
                }
            }
        }
    }

    private void addSchedule(CamelContext context, BackupSource source) {
        try {
            context.addRouteFromTemplate("backup-schedule-" + source.name(), "backup-schedule",
                    Map.of("source", source.name(), "schedule", source.schedule()));
        } catch (Exception e) {
            throw new SqlBackupException("cannot create the schedule of source " + source.name() + ": "
                    + e.getMessage(), source.key("schedule"), e);
        }
        LOG.info("Source {}: backups on '{}' into {}, when this process leads {}", source.name(), source.schedule(),
                buckets.forSource(source.name()).describe(), LeaderElection.group(source.name()));
    }

    /** Whether this process holds the source's lease now. */
    boolean isLeader(String source) {
        // (not getView: each call would take another reference on the view, never given back)
        return cluster.isLeader(LeaderElection.group(source));
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
        try {
            background.submit(() -> {
                try {
                    backupOnce.accept(source);
                } catch (RuntimeException e) {
                    LOG.error("Backup of {} asked for over JMX failed: {}", source, e.getMessage());
                } finally {
                    restoreQueue.backupDone();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            restoreQueue.backupDone();
            return "not started: the service is stopping";
        }
        LOG.info("Backup of {} asked for over JMX: started", source);
        return "backup of " + source + " started; its result shows in LastResult";
    }

    private void startReadiness(CamelContext context, MeterRegistry meters) {
        List<ReachabilityCheck> checks = new ArrayList<>();
        for (BackupSource source : sources.all()) {
            String name = source.name();
            ReachabilityCheck database = new ReachabilityCheck("source-" + name, () -> {
                try (Connection c = servers.source(name).connect()) {
                    if (!c.isValid(5)) {
                        throw new SqlBackupException("the database of source " + name + " (" + servers.source(name)
                                + ") did not answer within 5 s");
                    }
                }
            }, sourcesInReadiness);
            checks.add(database);
            if (meters != null) {
                // the alert on an unreachable source, whether or not it counts for readiness
                Gauge.builder("sqlbackup.source.up", database,
                                c -> c.checked() == null ? Double.NaN : c.failure() == null ? 1 : 0)
                        .description("1 when the source database answered the last check (every sqlbackup.readiness.interval), 0 when not")
                        .tag("source", name).register(meters);
            }
            checks.add(new ReachabilityCheck("bucket-" + name, () -> buckets.forSource(name).checkReachable(), true));
        }
        if (cluster instanceof org.apache.camel.component.kubernetes.cluster.KubernetesClusterService leases) {
            checks.add(ReachabilityCheck.liveness("lease-renewals", leaseRenewals(leases)));
        }
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        checks.forEach(registry::register);
        readiness = new ReachabilityChecks(checks, readinessInterval);
    }

    private LeaseRenewals leaseRenewals(org.apache.camel.component.kubernetes.cluster.KubernetesClusterService leases) {
        kubernetes = io.sqlbackup.config.KubernetesClients.open(masterUrl);
        String namespace = leases.getKubernetesNamespace() != null ? leases.getKubernetesNamespace() : kubernetes.getNamespace();
        String pod = leases.getPodName() != null ? leases.getPodName() : System.getenv("HOSTNAME");
        List<String> groups = new ArrayList<>();
        sources.all().forEach(source -> groups.add(LeaderElection.group(source.name())));
        groups.add(SqlbackupService.RESTORE_GROUP);
        return new LeaseRenewals(kubernetes, namespace, pod, leases.getKubernetesResourceName(), groups,
                java.time.Duration.ofMillis(leases.getLeaseDurationMillis()), cluster);
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
        if (kubernetes != null) {
            kubernetes.close();
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
