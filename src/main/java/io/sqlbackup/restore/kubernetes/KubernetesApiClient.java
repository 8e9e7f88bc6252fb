package io.sqlbackup.restore.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sqlbackup.config.Settings;

/**
 * The fabric8 client as sqlbackup's other Kubernetes parts build it (see
 * {@code io.sqlbackup.crypto.KubernetesKeySecret}): the pod's service account in a cluster, else
 * kubeconfig, and {@code sqlbackup.kubernetes.master-url} only changing where requests go. Requests
 * are bounded so that a status write to an unreachable API server gives up in seconds; the watch
 * itself reconnects on its own.
 */
final class KubernetesApiClient {

    static final String NAMESPACE = "sqlbackup.kubernetes.namespace";
    static final String MASTER_URL = "sqlbackup.kubernetes.master-url";

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int REQUEST_TIMEOUT_MS = 10_000;
    private static final int RETRIES = 1;

    private KubernetesApiClient() {
    }

    static KubernetesClient open(Settings settings) {
        ConfigBuilder config = new ConfigBuilder(Config.autoConfigure(null))
                .withConnectionTimeout(CONNECT_TIMEOUT_MS)
                .withRequestTimeout(REQUEST_TIMEOUT_MS)
                .withRequestRetryBackoffLimit(RETRIES);
        String masterUrl = settings.get(MASTER_URL);
        if (masterUrl != null) {
            config.withMasterUrl(masterUrl);
        }
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }
}
