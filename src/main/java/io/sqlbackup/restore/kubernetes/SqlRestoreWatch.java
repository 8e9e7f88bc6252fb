package io.sqlbackup.restore.kubernetes;

import io.sqlbackup.config.KubernetesClients;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.DurationSetting;
import io.sqlbackup.config.Settings;
import io.sqlbackup.restore.BadRestoreCommandException;
import io.sqlbackup.restore.RestoreCommand;
import io.sqlbackup.restore.RestorePhase;
import io.sqlbackup.restore.RestoreQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restore commands from SqlRestore resources: every SqlRestore of the namespace is run once through
 * the {@link RestoreQueue}, and what the queue says about it is written to the resource's status.
 *
 * <ul>
 *   <li>No status: new. Its spec becomes a {@link RestoreCommand} and is queued; a spec that is not a
 *   command that can run is marked Failed with the reason and nothing is queued.</li>
 *   <li>Succeeded or Failed: done; never run again (the list at every start shows them).</li>
 *   <li>Queued or Running when the watch starts: it was cut short when sqlbackup stopped. It is
 *   marked Failed and not run again on its own: a restore stopped half way leaves servers that an
 *   operator must look at first. (Queued or Running later on, and not taken on here: another
 *   sqlbackup took it on; it is left to that one.)</li>
 * </ul>
 *
 * <p>Taking a resource on is written to its status before the command is queued, on condition that
 * the resource has not changed since it was read (resourceVersion): no restore starts whose outcome
 * cannot be reported, and two watchers cannot both take the same resource. Run the watch in one
 * sqlbackup per namespace all the same (the leader, like the backup schedule): one that starts while
 * another runs a restore takes that restore for an interrupted one.
 *
 * <p>This uses a fabric8 informer rather than camel-kubernetes' {@code kubernetes-custom-resources}
 * consumer: in Camel 4.14 that consumer opens one plain watch and, when the API server closes it (it
 * does, routinely, and with 410 Gone after a while), only logs; it neither reconnects nor lists
 * again, and it keeps no handle to close on stop. The informer lists, then watches, and lists again
 * whenever the watch breaks; its first list is what tells new resources from interrupted ones at
 * start.
 *
 * <p>Settings: {@value #ENABLED} (default false), {@value KubernetesClients#NAMESPACE} (empty: the
 * pod's own), {@value KubernetesClients#MASTER_URL} (empty: in-cluster or kubeconfig),
 * {@value #STATUS_INTERVAL} (default 5s).
 */
public final class SqlRestoreWatch implements AutoCloseable {

    /** Whether SqlRestore resources are watched: {@code true} or {@code false} (the default). */
    public static final String ENABLED = "sqlbackup.restore.kubernetes.enabled";
    /** The least time between two status writes of one resource while its restore runs. */
    public static final String STATUS_INTERVAL = "sqlbackup.restore.kubernetes.status-interval";

    static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SqlRestoreWatch.class);
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long CLOSE_TIMEOUT_SECONDS = 15;

    private final RestoreQueue queue;
    private final KubernetesClient client;
    private final String namespace;
    private final Duration statusInterval;
    private final SqlRestoreStatusWriter writer;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor writerThread;
    /** The resources this process has taken on (by uid), so that their own status changes are not news. */
    private final Set<String> taken = new HashSet<>();
    private final Map<String, SqlRestoreReporter> reporting = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;
    private final String holder;
    /** False until the resources there were at start have been gone through, in the order they were created. */
    private boolean listed;
    /** How long a restore whose pod could not be looked up waits before it is looked at again. */
    private volatile Duration ownerRecheck = Duration.ofMinutes(1);

    /** Whether {@value #ENABLED} is true; a value other than true or false is refused. */
    public static boolean isEnabled(Settings settings) {
        String value = settings.get(ENABLED, "false").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(ENABLED + " = '" + settings.get(ENABLED)
                    + "' is not true or false", ENABLED);
        };
    }

    /**
     * Prepares the watch; nothing is read until {@link #start()}.
     *
     * @throws ConfigurationException when no namespace is known or a setting is malformed
     */
    public SqlRestoreWatch(Settings settings, RestoreQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
        String interval = settings.get(STATUS_INTERVAL);
        this.statusInterval = interval == null ? DEFAULT_STATUS_INTERVAL : DurationSetting.parse(STATUS_INTERVAL, interval);
        this.client = KubernetesClients.open(settings.get(KubernetesClients.MASTER_URL));
        String ns = settings.get(KubernetesClients.NAMESPACE);
        this.namespace = ns != null ? ns : client.getNamespace();
        if (namespace == null) {
            client.close();
            throw new ConfigurationException("no Kubernetes namespace is known to watch SqlRestore resources in: set "
                    + KubernetesClients.NAMESPACE + ", or turn " + ENABLED + " off", KubernetesClients.NAMESPACE);
        }
        this.holder = holderName(settings);
        this.writer = new SqlRestoreStatusWriter(client, namespace, holder);
        this.writerThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sqlbackup-sqlrestore-status");
            t.setDaemon(true);
            return t;
        });
        // On close, writes due now still happen; ones waiting for their interval are superseded by flushSoon().
        writerThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** This process as a status names it: the pod's name in Kubernetes, else the host's. */
    private static String holderName(Settings settings) {
        String pod = settings.get("sqlbackup.leader-election.pod-name", System.getenv("POD_NAME"));
        if (pod == null || pod.isBlank()) {
            pod = System.getenv("HOSTNAME");
        }
        if (pod == null || pod.isBlank()) {
            try {
                pod = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                pod = "unknown";
            }
        }
        return pod;
    }

    /** The namespace whose SqlRestore resources are watched. */
    public String namespace() {
        return namespace;
    }

    /**
     * Lists the SqlRestore resources, goes through them (new ones are queued, interrupted ones marked
     * Failed), and watches from then on. Returns when the ones there were at start are dealt with.
     *
     * @throws ConfigurationException when the resource type is not installed, the service account may
     *                                not list and watch it, or the API server cannot be reached
     */
    public void start() {
        if (informer != null) {
            return;
        }
        synchronized (this) {
            listed = false;
        }
        informer = client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(namespace).runnableInformer(0);
        informer.exceptionHandler((started, failure) -> {
            if (!started) {
                return false;
            }
            LOG.warn("watching SqlRestore resources in {}: {}; trying again", namespace, describe(failure));
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource resource) {
                seen(resource);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource resource) {
                seen(resource);
            }

            @Override
            public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
                deleted(resource);
            }
        });
        try {
            informer.start().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            stop();
            throw cannotWatch(e.getCause());
        } catch (TimeoutException e) {
            stop();
            throw cannotWatch(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new ConfigurationException("interrupted while listing SqlRestore resources", ENABLED);
        }
        synchronized (this) {
            listed = true;
            // The informer hands out its first list in name order; restores run in the order they were asked for.
            informer.getStore().list().stream()
                    .sorted(Comparator.comparing((GenericKubernetesResource r) -> Objects.toString(
                            r.getMetadata().getCreationTimestamp(), "")).thenComparing(r -> r.getMetadata().getName()))
                    .forEach(r -> handle(r, true));
        }
        LOG.info("Watching SqlRestore resources in namespace {}", namespace);
    }

    private synchronized void seen(GenericKubernetesResource resource) {
        // Until start() has gone through the first list, that list covers whatever arrives here.
        if (listed) {
            handle(resource, false);
        }
    }

    private synchronized void deleted(GenericKubernetesResource resource) {
        taken.remove(resource.getMetadata().getUid());
    }

    /**
     * Called with the lock held, one resource at a time.
     *
     * @param atStart whether it is one of the resources listed when the watch started
     */
    private void handle(GenericKubernetesResource resource, boolean atStart) {
        ObjectMeta meta = resource.getMetadata();
        if (taken.contains(meta.getUid())) {
            return;
        }
        SqlRestoreStatus status = SqlRestoreStatus.of(resource);
        if (status.phase() == null) {
            take(resource);
            return;
        }
        RestorePhase phase = phaseNamed(status.phase());
        if (phase == null) {
            taken.add(meta.getUid());
            LOG.warn("SqlRestore {}/{} has status phase '{}', which sqlbackup does not write; it is left alone",
                    namespace, meta.getName(), status.phase());
        } else if (!phase.isFinal() && atStart) {
            switch (owner(resource)) {
                case ALIVE -> {
                    taken.add(meta.getUid());
                    LOG.info("SqlRestore {}/{} is {} in pod {}, which still runs; it is left to that pod", namespace,
                            meta.getName(), status.phase(), SqlRestoreStatusWriter.holderOf(resource));
                }
                // Marking it Failed while it may still run would tell an operator to act on half-loaded servers
                // that are still being loaded; it stays as it is and is looked at again a little later.
                case UNKNOWN -> recheckLater(meta.getUid());
                case GONE -> interrupted(resource, status, phase);
            }
        } else if (!phase.isFinal()) {
            taken.add(meta.getUid());
            LOG.warn("SqlRestore {}/{} was taken on by another sqlbackup ({}); it is left to that one. Run the "
                    + "SqlRestore watch in one sqlbackup per namespace", namespace, meta.getName(), status.phase());
        }
    }

    /** Sets how long an undecided restore waits before it is looked at again (tests: less than a minute). */
    void ownerRecheck(Duration wait) {
        this.ownerRecheck = wait;
    }

    /** Looks at an under-way resource again, while this watch runs, until its pod can be looked up. */
    private void recheckLater(String uid) {
        try {
            writerThread.schedule(() -> {
                synchronized (this) {
                    SharedIndexInformer<GenericKubernetesResource> watching = informer;
                    if (watching == null || taken.contains(uid)) {
                        return;
                    }
                    watching.getStore().list().stream().filter(r -> uid.equals(r.getMetadata().getUid())).findFirst()
                            .ifPresent(r -> handle(r, true));
                }
            }, ownerRecheck.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the watch is closing: the next start looks at it
        }
    }

    /** Who runs a restore that a resource's status says is under way, as far as the pods tell. */
    private enum Owner { GONE, ALIVE, UNKNOWN }

    /**
     * Whether another pod, still running, took the resource on: the watch moved here with the
     * restore lease (the other pod stopped being ready, say), but the restore goes on over there.
     * This process itself (a restart with the same pod name) runs nothing it has not taken, so its
     * own name counts as gone.
     */
    private Owner owner(GenericKubernetesResource resource) {
        String owner = SqlRestoreStatusWriter.holderOf(resource);
        if (owner == null || owner.equals(holder)) {
            return Owner.GONE;
        }
        try {
            return client.pods().inNamespace(namespace).list().getItems().stream().anyMatch(pod ->
                    owner.equals(pod.getMetadata().getName()) && pod.getMetadata().getDeletionTimestamp() == null
                            && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))
                    ? Owner.ALIVE : Owner.GONE;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            LOG.warn("SqlRestore {}/{} says pod {} runs it, and the pods of {} cannot be listed to see whether it still"
                            + " does ({}); its status is left as it is and looked at again in {}. Check the Role's pods list"
                            + " permission", namespace, resource.getMetadata().getName(), owner, namespace,
                    describe(e), ownerRecheck);
            return Owner.UNKNOWN;
        }
    }

    private void take(GenericKubernetesResource resource) {
        String name = resource.getMetadata().getName();
        String uid = resource.getMetadata().getUid();
        taken.add(uid);
        RestoreCommand command;
        try {
            command = SqlRestoreSpec.commandOf(resource);
        } catch (BadRestoreCommandException e) {
            LOG.warn("SqlRestore {}/{} is not run: {}", namespace, name, e.getMessage());
            decide(resource, SqlRestoreStatus.failed("not run: " + e.getMessage()
                    + "; create a new SqlRestore with that corrected", clock.instant()));
            return;
        }
        // Taken on first; the queue's own statuses follow through the reporter.
        SqlRestoreStatus accepted = new SqlRestoreStatus(RestorePhase.QUEUED.title(), "accepted", null, null, null);
        if (!decide(resource, accepted)) {
            return;
        }
        SqlRestoreReporter reporter = new SqlRestoreReporter(name, writer, writerThread, statusInterval,
                () -> isCurrent(name, uid), () -> reporting.remove(uid));
        reporting.put(uid, reporter);
        queue.submit(command, "SqlRestore " + namespace + "/" + name, reporter);
    }

    /** Whether the resource named so is still the one with this uid, as far as the watch has heard. */
    private boolean isCurrent(String name, String uid) {
        SharedIndexInformer<GenericKubernetesResource> watching = informer;
        if (watching == null) {
            // No longer watching (leadership moved): the restore still runs here and reports to its resource.
            return true;
        }
        GenericKubernetesResource now = watching.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
        return now != null && uid.equals(now.getMetadata().getUid());
    }

    private void interrupted(GenericKubernetesResource resource, SqlRestoreStatus status, RestorePhase phase) {
        String name = resource.getMetadata().getName();
        taken.add(resource.getMetadata().getUid());
        String message = "sqlbackup restarted while this restore was " + phase.name().toLowerCase(Locale.ROOT)
                + (status.message() == null ? "" : " (" + status.message() + ")") + "; it is not run again on its own. "
                + "Check the primary and replica first (a restore cut short can leave them half loaded; the steps "
                + "show how far it got), then create a new SqlRestore to run it again";
        LOG.warn("SqlRestore {}/{}: {}", namespace, name, message);
        decide(resource, status.endedAs(RestorePhase.FAILED, message, clock.instant()));
    }

    /**
     * Records a decision about the resource as it was read. When that fails the resource is not taken:
     * it is looked at again when it next changes (after a conflict, the change is already on its way).
     */
    private boolean decide(GenericKubernetesResource resource, SqlRestoreStatus status) {
        String name = resource.getMetadata().getName();
        try {
            writer.replace(resource, status);
            return true;
        } catch (KubernetesClientException e) {
            taken.remove(resource.getMetadata().getUid());
            switch (e.getCode()) {
                case 409 -> LOG.info("SqlRestore {}/{} changed while being read; it is looked at again", namespace, name);
                case 404 -> LOG.info("SqlRestore {}/{} was deleted before it was taken on", namespace, name);
                case 403 -> LOG.error("SqlRestore {}/{} is not run: not allowed to write its status ({}): grant the "
                        + "service account update and patch on sqlrestores/status (k8s/base/sqlrestore-rbac.yaml)",
                        namespace, name, describe(e));
                default -> LOG.error("SqlRestore {}/{} is not run: writing its status failed ({}); it is tried again "
                        + "when the resource next changes", namespace, name, describe(e));
            }
            return false;
        }
    }

    private static RestorePhase phaseNamed(String title) {
        for (RestorePhase p : RestorePhase.values()) {
            if (p.title().equals(title)) {
                return p;
            }
        }
        return null;
    }

    private ConfigurationException cannotWatch(Throwable failure) {
        String what = "cannot watch SqlRestore resources in namespace '" + namespace + "'";
        KubernetesClientException e = apiFailureIn(failure);
        if (e != null) {
            switch (e.getCode()) {
                case 404:
                    return new ConfigurationException(what + ": the API server does not know the resource type "
                            + SqlRestoreKind.PLURAL + "." + SqlRestoreKind.GROUP + " (" + describe(e) + "): install it "
                            + "(kubectl apply -f k8s/base/sqlrestore-crd.yaml), or turn " + ENABLED + " off", ENABLED, e);
                case 403:
                    return new ConfigurationException(what + ": not allowed (" + describe(e) + "): grant the service "
                            + "account get, list and watch on sqlrestores (k8s/base/sqlrestore-rbac.yaml), or fix "
                            + KubernetesClients.NAMESPACE, KubernetesClients.NAMESPACE, e);
                case 401:
                    return new ConfigurationException(what + ": the API server at " + client.getMasterUrl() + " did not "
                            + "accept the credentials (" + describe(e) + "): check the service account token or "
                            + "kubeconfig, or " + KubernetesClients.MASTER_URL, KubernetesClients.MASTER_URL, e);
                default:
                    break;
            }
        }
        return new ConfigurationException(what + " through the API server at " + client.getMasterUrl() + " ("
                + describe(failure) + "): run in the cluster, or set " + KubernetesClients.MASTER_URL + " (or a "
                + "kubeconfig) to a reachable API server", KubernetesClients.MASTER_URL, failure);
    }

    private static KubernetesClientException apiFailureIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException e && e.getCode() > 0) {
                return e;
            }
        }
        return null;
    }

    /** A failure in one line: the API server's status message when there is one, else the root cause. */
    static String describe(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "no answer in " + START_TIMEOUT_SECONDS + " s";
        }
        KubernetesClientException api = apiFailureIn(failure);
        if (api != null) {
            return "HTTP " + api.getCode() + (api.getStatus() != null && api.getStatus().getMessage() != null
                    ? ": " + api.getStatus().getMessage() : "");
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /**
     * Stops watching; restores already queued go on, and the statuses not yet written are written
     * (waiting up to a few seconds). Close the {@link RestoreQueue} first: the commands it drops are
     * then marked Failed on their resources rather than found interrupted at the next start.
     */
    /**
     * Stops watching (this process no longer leads the namespace's restores); restores already queued
     * go on and keep reporting. {@link #start()} may be called again.
     */
    public void stop() {
        SharedIndexInformer<GenericKubernetesResource> watching = informer;
        informer = null;
        if (watching != null) {
            watching.close();
            LOG.info("Stopped watching SqlRestore resources in namespace {}", namespace);
        }
    }

    @Override
    public void close() {
        stop();
        reporting.values().forEach(SqlRestoreReporter::flushSoon);
        writerThread.shutdown();
        try {
            if (!writerThread.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("SqlRestore statuses still being written after {} s; stopping without them", CLOSE_TIMEOUT_SECONDS);
                writerThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writerThread.shutdownNow();
        }
        client.close();
    }
}
