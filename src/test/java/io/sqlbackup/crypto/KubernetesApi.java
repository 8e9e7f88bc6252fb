package io.sqlbackup.crypto;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sqlbackup.testing.ApiCallRecorder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.sqlbackup.config.Settings;
import java.net.InetAddress;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A real HTTP server on 127.0.0.1 speaking the Kubernetes API in CRUD mode (secrets created through
 * it are stored and served like an API server's), where a test can also pin one path to an error
 * response such as an RBAC 403.
 */
final class KubernetesApi implements AutoCloseable {

    static final String NAMESPACE = "backups";

    private final KubernetesMockServer server;
    private final ApiCallRecorder recorder;
    private final KubernetesClient client;

    KubernetesApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        recorder = new ApiCallRecorder(responses);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, recorder, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // The test's own client writes secrets; its HTTP trace logging is off so that a leak found in the
        // log can only come from the code under test.
        client = server.createClient(builder -> builder.withHttpClientBuilderConsumer(http -> {
            ApiCallRecorder.markAsTest(http);
            http.addOrReplaceInterceptor("HttpLogging", null);
        }));
    }

    /** The API calls the code under test made (not this class's own). */
    java.util.Set<ApiCallRecorder.ApiCall> serviceCalls() {
        return recorder.calls();
    }

    /** Stores a secret through the API, its values base64-encoded as a real API server holds them. */
    void putSecret(String namespace, String name, Map<String, byte[]> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().withType("Opaque").withData(encoded).build()).create();
    }

    /** Stores a secret whose data value is given as is (e.g. not valid base64), as a broken manifest could. */
    void putRawSecret(String namespace, String name, String dataKey, String rawValue) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().withType("Opaque").withData(Map.of(dataKey, rawValue)).build()).create();
    }

    /** Answers every GET of the secret with what the API server says when RBAC does not allow it. */
    void forbid(String namespace, String name) {
        server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/secrets/" + name)
                .andReturn(403, new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
                        .withReason("Forbidden").withCode(403)
                        .withMessage("secrets \"" + name + "\" is forbidden: User \"system:serviceaccount:" + namespace
                                + ":sqlbackup\" cannot get resource \"secrets\" in API group \"\" in the namespace \""
                                + namespace + "\"")
                        .build())
                .always();
    }

    String url() {
        return server.url("/");
    }

    /** Settings that take the keys from the secret through this server, as a test passes them. */
    Settings settingsFor(String secretName, String namespace) {
        Map<String, String> values = new HashMap<>();
        values.put("sqlbackup.key-secret", secretName);
        values.put("sqlbackup.kubernetes.master-url", url());
        if (namespace != null) {
            values.put("sqlbackup.kubernetes.namespace", namespace);
        }
        return new Settings(values);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
