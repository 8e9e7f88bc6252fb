package io.sqlbackup.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.SettingsLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.junit.jupiter.api.Test;

/** The Kubernetes election as configured: the Lease names' prefix, checked before anything starts. */
class LeaderElectionSettingsTest {

    private static KubernetesClusterService kubernetes(String... extra) {
        List<String> values = new ArrayList<>(List.of("sqlbackup.leader-election=kubernetes",
                "sqlbackup.leader-election.pod-name=pod-a", "sqlbackup.kubernetes.namespace=ns"));
        values.addAll(List.of(extra));
        return (KubernetesClusterService) LeaderElection.fromSettings(new SettingsLoader(Map.of()).load(null, values));
    }

    @Test
    void leasesAreNamedAfterTheConfiguredPrefix() {
        assertEquals("sqlbackup", kubernetes().getKubernetesResourceName());
        KubernetesClusterService staging = kubernetes("sqlbackup.leader-election.lease-prefix=sqlbackup-staging");
        assertEquals("sqlbackup-staging", staging.getKubernetesResourceName());
        assertEquals("sqlbackup-staging-backup-default", LeaderElection.leaseName(staging.getKubernetesResourceName(),
                LeaderElection.group("default")));
    }

    @Test
    void aPrefixThatCannotStartALeaseNameIsRefused() {
        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> kubernetes("sqlbackup.leader-election.lease-prefix=Wiki_Prod"));
        assertTrue(bad.getMessage().contains("lease-prefix = 'Wiki_Prod'"), bad.getMessage());
    }
}
