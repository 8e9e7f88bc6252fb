package io.sqlbackup.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The fabric8 client every Kubernetes part of sqlbackup uses (the key secret, the SqlRestore
 * watch), built as camel-kubernetes builds it: the pod's service account in a cluster, else
 * kubeconfig; {@value #MASTER_URL} (like kubectl --server) only changes where requests go.
 * Requests are bounded, so an unreachable API server fails in seconds (the watch reconnects on its
 * own), and fabric8's HTTP logging is removed: at TRACE it logs whole response bodies, which for
 * the key secret are the keys.
 */
public final class KubernetesClients {

    public static final String NAMESPACE = "sqlbackup.kubernetes.namespace";
    public static final String MASTER_URL = "sqlbackup.kubernetes.master-url";

    /** The name under which fabric8's StandardHttpClientBuilder installs its HttpLoggingInterceptor. */
    private static final String FABRIC8_HTTP_LOGGING = "HttpLogging";
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int REQUEST_TIMEOUT_MS = 10_000;
    private static final int RETRIES = 1;

    private KubernetesClients() {
    }

    /** A client for the API server; {@code masterUrl} null or blank means in-cluster or kubeconfig. */
    public static KubernetesClient open(String masterUrl) {
        ConfigBuilder config = new ConfigBuilder(Config.autoConfigure(null))
                .withConnectionTimeout(CONNECT_TIMEOUT_MS)
                .withRequestTimeout(REQUEST_TIMEOUT_MS)
                .withRequestRetryBackoffLimit(RETRIES);
        if (masterUrl != null && !masterUrl.isBlank()) {
            config.withMasterUrl(masterUrl);
        }
        return new KubernetesClientBuilder().withConfig(config.build())
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(FABRIC8_HTTP_LOGGING, null))
                .build();
    }
}
