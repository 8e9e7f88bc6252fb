package io.sqlbackup.ops;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.config.KubernetesClients;
import io.sqlbackup.restore.kubernetes.SqlRestoreApi;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.junit.jupiter.api.Test;

/**
 * The liveness probe for a Lease that still names this pod but is no longer renewed (camel-kubernetes'
 * renewal task ends on its first failure), against a Kubernetes API over HTTP.
 */
class LeaseRenewalsTest {

    private static final String NS = SqlRestoreApi.NAMESPACE;

    @Test
    void aStaleLeaseThisPodHoldsButDoesNotLeadFailsLivenessOthersDoNot() {
        try (SqlRestoreApi api = new SqlRestoreApi()) {
            lease(api, "sqlbackup-backup-one", "pod-a", 60);
            lease(api, "sqlbackup-backup-two", "pod-a", 1);
            lease(api, "sqlbackup-restore", "pod-b", 60);
            // a cluster service that leads nothing (never started)
            FileLockClusterService cluster = new FileLockClusterService();
            try (KubernetesClient client = KubernetesClients.open(api.url())) {
                LeaseRenewals stuck = new LeaseRenewals(client, NS, "pod-a", "sqlbackup", List.of("backup-one", "backup-two", "restore"),
                        Duration.ofSeconds(4), cluster);
                SqlBackupException failure = assertThrows(SqlBackupException.class, stuck::run);
                assertTrue(failure.getMessage().contains("sqlbackup-backup-one still names this pod"), failure.getMessage());

                assertDoesNotThrow(new LeaseRenewals(client, NS, "pod-a", "sqlbackup", List.of("backup-two", "restore", "backup-none"),
                        Duration.ofSeconds(4), cluster)::run, "renewed lately, another pod's, or no Lease at all");
                assertDoesNotThrow(new LeaseRenewals(client, NS, "pod-b", "sqlbackup", List.of("backup-one"),
                        Duration.ofSeconds(4), cluster)::run, "not this pod's");
            }
        }
        try (KubernetesClient unreachable = KubernetesClients.open("http://127.0.0.1:1/")) {
            assertDoesNotThrow(new LeaseRenewals(unreachable, NS, "pod-a", "sqlbackup", List.of("backup-one"), Duration.ofSeconds(4),
                    new FileLockClusterService())::run, "an API server that cannot be asked is no reason to restart");
        }
    }

    private static void lease(SqlRestoreApi api, String name, String holder, int renewedSecondsAgo) {
        api.client().leases().inNamespace(NS).resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .endMetadata().withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(4)
                .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(renewedSecondsAgo)).endSpec().build()).create();
    }
}
