package io.sqlbackup.ops;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.DurationSetting;
import io.sqlbackup.config.KubernetesClients;
import io.sqlbackup.config.Settings;
import io.sqlbackup.stream.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/**
 * Builds the Camel cluster service the {@code master:} schedules elect their leader with
 * ({@code sqlbackup.leader-election}). {@code kubernetes}: a coordination.k8s.io Lease per source,
 * held by one pod at a time (camel-kubernetes). {@code file} (the default, one machine, no API server):
 * a lock file per source, so two {@code sqlbackup run} on one machine writing to the same bucket
 * still take each backup once.
 */
public final class LeaderElection {

    public static final String MODE = "sqlbackup.leader-election";
    /** The cluster group (the {@code master:} namespace) of a source's schedule; the Lease is {@code sqlbackup-backup-SOURCE}. */
    public static final String GROUP_PREFIX = "backup-";
    static final String LEASE_PREFIX = "sqlbackup";
    private static final java.util.regex.Pattern LEASE_PREFIX_SHAPE = java.util.regex.Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

    private LeaderElection() {
    }

    public static String group(String source) {
        return GROUP_PREFIX + source;
    }

    /** The Lease camel-kubernetes keeps for a group, under the configured prefix. */
    public static String leaseName(String prefix, String group) {
        return prefix + "-" + group;
    }

    public static CamelClusterService fromSettings(Settings settings) {
        String mode = settings.get(MODE, "file");
        return switch (mode) {
            case "file" -> fileLocks(settings);
            case "kubernetes" -> kubernetesLeases(settings);
            default -> throw new ConfigurationException(MODE + " = '" + mode + "': use file (one machine) or kubernetes"
                    + " (a Lease per source)", MODE);
        };
    }

    private static CamelClusterService fileLocks(Settings settings) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId("sqlbackup-file-locks");
        String directory = settings.get(MODE + ".directory");
        if (directory == null) {
            // Instances that write to the same bucket share a directory; unrelated ones do not block each other.
            String bucket = settings.get("sqlbackup.bucket", "");
            directory = Path.of(System.getProperty("java.io.tmpdir"),
                    "sqlbackup-leader-" + Sha256.hex(bucket.getBytes(StandardCharsets.UTF_8)).substring(0, 12)).toString();
        }
        service.setRoot(directory);
        service.setAcquireLockDelay(duration(settings, "retry-period", "2s"), TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(duration(settings, "retry-period", "2s"), TimeUnit.MILLISECONDS);
        return service;
    }

    private static CamelClusterService kubernetesLeases(Settings settings) {
        KubernetesConfiguration configuration = new KubernetesConfiguration();
        String masterUrl = settings.get(KubernetesClients.MASTER_URL);
        if (masterUrl != null) {
            configuration.setMasterUrl(masterUrl);
        }
        KubernetesClusterService service = new KubernetesClusterService(configuration);
        service.setId("sqlbackup-kubernetes-leases");
        service.setLeaseResourceType(LeaseResourceType.Lease);
        // Two Deployments in one namespace each need their own: one set of Leases, two sets of candidates
        // would take the Leases from each other for ever (each sees the other's holder as no candidate).
        String prefix = settings.get(MODE + ".lease-prefix", LEASE_PREFIX);
        if (!LEASE_PREFIX_SHAPE.matcher(prefix).matches()) {
            throw new ConfigurationException(MODE + ".lease-prefix = '" + prefix + "' must be 1-32 lower-case letters, digits"
                    + " and '-' (it starts the Lease names " + prefix + "-backup-SOURCE)", MODE + ".lease-prefix");
        }
        service.setKubernetesResourceName(prefix);
        String namespace = settings.get(KubernetesClients.NAMESPACE, System.getenv("POD_NAMESPACE"));
        if (namespace != null && !namespace.isBlank()) {
            service.setKubernetesNamespace(namespace);
        }
        String pod = settings.get(MODE + ".pod-name", System.getenv("POD_NAME"));
        if (pod != null && !pod.isBlank()) {
            service.setPodName(pod);
        }
        service.setClusterLabels(labels(settings.get(MODE + ".pod-labels", "app.kubernetes.io/name=sqlbackup")));
        service.setLeaseDurationMillis(duration(settings, "lease-duration", "15s"));
        service.setRenewDeadlineMillis(duration(settings, "renew-deadline", "10s"));
        service.setRetryPeriodMillis(duration(settings, "retry-period", "2s"));
        if (service.getRenewDeadlineMillis() >= service.getLeaseDurationMillis()
                || service.getRetryPeriodMillis() >= service.getRenewDeadlineMillis()) {
            throw new ConfigurationException(MODE + ".retry-period < .renew-deadline < .lease-duration is needed, got "
                    + service.getRetryPeriodMillis() + " ms, " + service.getRenewDeadlineMillis() + " ms, "
                    + service.getLeaseDurationMillis() + " ms", MODE + ".lease-duration");
        }
        return service;
    }

    /** {@code a=b,c=d}: the labels that select this Deployment's pods (the candidates for the lease). */
    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigurationException(MODE + ".pod-labels needs KEY=VALUE pairs separated by commas, got '"
                        + text + "'", MODE + ".pod-labels");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return labels;
    }

    private static long duration(Settings settings, String name, String fallback) {
        String key = MODE + "." + name;
        return DurationSetting.parse(key, settings.get(key, fallback)).toMillis();
    }
}
