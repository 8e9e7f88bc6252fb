package io.sqlbackup.k8s;

import io.sqlbackup.testing.ApiCallRecorder;
import io.sqlbackup.testing.DocumentedMetrics;
import java.util.Map;
import java.util.Set;

/**
 * What the service code promises the deployment (the operations contract): ports, paths, labels,
 * metric names, and the Kubernetes API calls it makes. The manifests are checked against these.
 */
public final class OpsContract {

    static final int MANAGEMENT_PORT = 9876;
    static final String MANAGEMENT_PORT_NAME = "management";
    static final String LIVE = "/observe/health/live";
    static final String READY = "/observe/health/ready";
    static final String METRICS = "/observe/metrics";

    /** Where the image's entrypoint reads its configuration (also in pom.xml's jib args). */
    static final String CONFIG_FILE = "/etc/sqlbackup/application.properties";
    static final String JOLOKIA_DIR = "/etc/sqlbackup/jolokia";
    static final String JOLOKIA_SECRET = "sqlbackup-jolokia";
    static final String JOLOKIA_USERS_KEY = "users.properties";
    static final String WRITABLE_DIR = "/tmp";

    static final String POD_LABEL_KEY = "app.kubernetes.io/name";
    static final String POD_LABEL_VALUE = "sqlbackup";

    static final String LEADER_ELECTION = "sqlbackup.leader-election";
    static final String POD_LABELS = "sqlbackup.leader-election.pod-labels";
    static final String KEY_SECRET = "sqlbackup.key-secret";
    static final String KEY_SECRET_DATA_KEY = "key";
    static final String MANAGEMENT_PORT_KEY = "camel.management.port";
    static final String JOLOKIA_USERS_FILE = "sqlbackup.jolokia.users-file";

    /**
     * Every metric name the service exports (Prometheus names), as the README documents them;
     * ManagementServerTest checks that the service serves exactly these.
     */
    static final Set<String> METRIC_NAMES = DocumentedMetrics.names();

    /** Each alert and the series its expression must read. */
    static final Map<String, String> ALERTS = Map.of(
            "SqlbackupNoRecentBackup", "sqlbackup_backup_last_success_timestamp_seconds",
            "SqlbackupNotReporting", "absent(sqlbackup_backup_last_success_timestamp_seconds)",
            "SqlbackupBackupFailing", "sqlbackup_backup_failures_total",
            "SqlbackupSourceUnreachable", "sqlbackup_source_up",
            "SqlbackupRestoreFailed", "sqlbackup_restores_total{outcome=\"failed\"}",
            "SqlbackupReplicaNotRunningAfterRestore", "sqlbackup_restore_replication_running",
            "SqlbackupNoLeader", "sqlbackup_backup_leader");

    /** Marker for a rule without resourceNames (every object of the resource). */
    static final String ANY_NAME = "*any*";

    /**
     * The API calls the service makes, as RBAC grants: group, resource, object name -> verbs.
     * Leases and pods: camel-kubernetes 4.14.0 KubernetesClusterService on a native Lease
     * (NativeLeaseResourceManager: leases get, create, update with the read resourceVersion;
     * KubernetesLeadershipController: pods list by label). The key secret: KubernetesKeySecret's
     * one get by name. SqlRestore: the informer (list, watch; get as the CRD's readers have it) and
     * the status writer (update and patch of sqlrestores/status; get as the contract lists it).
     * {@code KEY_SECRET_NAME} stands for the name sqlbackup.key-secret configures.
     */
    static final String KEY_SECRET_NAME = "*key-secret*";
    static final Map<Grant, Set<String>> API_CALLS = Map.of(
            new Grant("coordination.k8s.io", "leases", ANY_NAME), Set.of("get", "create", "update"),
            new Grant("", "pods", ANY_NAME), Set.of("list"),
            new Grant("", "secrets", KEY_SECRET_NAME), Set.of("get"),
            new Grant("sqlbackup.io", "sqlrestores", ANY_NAME), Set.of("get", "list", "watch"),
            new Grant("sqlbackup.io", "sqlrestores/status", ANY_NAME), Set.of("get", "update", "patch"));

    /** One (API group, resource, object name) an RBAC rule can grant verbs on. */
    record Grant(String apiGroup, String resource, String resourceName) {
        @Override
        public String toString() {
            return (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource
                    + (ANY_NAME.equals(resourceName) ? "" : " named " + resourceName);
        }
    }

    /**
     * Fails unless every call the service made against a mock API server (recorded by
     * {@link ApiCallRecorder}) is one of {@link #API_CALLS}, which KustomizeManifestsTest holds the
     * Roles to: a new call in the code then fails the test that makes it, not a pod in a cluster.
     *
     * @param keySecret whether a name is the one sqlbackup.key-secret had in that test
     */
    public static void assertGranted(Set<ApiCallRecorder.ApiCall> calls, java.util.function.Predicate<String> keySecret) {
        java.util.List<String> ungranted = new java.util.ArrayList<>();
        for (ApiCallRecorder.ApiCall call : calls) {
            boolean granted = API_CALLS.entrySet().stream().anyMatch(g -> g.getKey().apiGroup().equals(call.apiGroup())
                    && g.getKey().resource().equals(call.resource())
                    && (ANY_NAME.equals(g.getKey().resourceName())
                        || KEY_SECRET_NAME.equals(g.getKey().resourceName()) && call.name() != null && keySecret.test(call.name()))
                    && g.getValue().contains(call.verb()));
            if (!granted) {
                ungranted.add(call.toString());
            }
        }
        if (!ungranted.isEmpty()) {
            throw new AssertionError("the service made API calls that OpsContract.API_CALLS (and so the Roles in k8s/) do not"
                    + " grant: " + ungranted);
        }
    }

    private OpsContract() {
    }
}
