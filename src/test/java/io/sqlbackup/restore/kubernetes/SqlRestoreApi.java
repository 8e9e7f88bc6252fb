package io.sqlbackup.restore.kubernetes;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.sqlbackup.testing.ApiCallRecorder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sqlbackup.config.Settings;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP server on 127.0.0.1 speaking the Kubernetes API in CRUD mode, with the SqlRestore
 * resource type installed from k8s/base/sqlrestore-crd.yaml (so its status subresource behaves as
 * the CRD says: status is written through sqlrestores/status only).
 */
public final class SqlRestoreApi implements AutoCloseable {

    public static final String NAMESPACE = "backups";
    static final Path CRD = Path.of("k8s/base/sqlrestore-crd.yaml");

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String LIST = "/apis/" + SqlRestoreKind.API_VERSION + "/namespaces/" + NAMESPACE + "/"
            + SqlRestoreKind.PLURAL;

    private final KubernetesMockServer server;
    private final ApiCallRecorder recorder;
    private final List<Watch> watches = new ArrayList<>();
    private int statusWrites;
    private final KubernetesClient client;

    public SqlRestoreApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        recorder = new ApiCallRecorder(responses);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, recorder, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient(ApiCallRecorder.TEST_CLIENT);
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(CRD.toFile()).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }

    /** The API calls the code under test made (not this class's own). */
    public java.util.Set<ApiCallRecorder.ApiCall> serviceCalls() {
        return recorder.calls();
    }

    /** The API server's URL, for sqlbackup.kubernetes.master-url. */
    public String url() {
        return server.url("/");
    }

    public KubernetesClient client() {
        return client;
    }

    /** Settings for a watch of {@link #NAMESPACE} through this server. */
    public Settings settings(Duration statusInterval) {
        Map<String, String> values = new HashMap<>();
        values.put(SqlRestoreWatch.ENABLED, "true");
        values.put("sqlbackup.kubernetes.master-url", server.url("/"));
        values.put("sqlbackup.kubernetes.namespace", NAMESPACE);
        values.put(SqlRestoreWatch.STATUS_INTERVAL, statusInterval.toString());
        return new Settings(values);
    }

    /** Creates a SqlRestore as {@code kubectl apply} would, with the given spec. */
    public GenericKubernetesResource create(String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(SqlRestoreKind.API_VERSION);
        r.setKind(SqlRestoreKind.KIND);
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        r.setAdditionalProperty("spec", new LinkedHashMap<>(spec));
        return client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(NAMESPACE).resource(r).create();
    }

    /** Sets a status as an earlier sqlbackup process left it. */
    void setStatus(String name, Map<String, Object> status) {
        GenericKubernetesResource r = get(name);
        r.setAdditionalProperty("status", status);
        client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(NAMESPACE).resource(r).updateStatus();
    }

    public GenericKubernetesResource get(String name) {
        return client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(NAMESPACE).withName(name).get();
    }

    public SqlRestoreStatus status(String name) {
        return SqlRestoreStatus.of(get(name));
    }

    /** Waits until the resource's status matches; fails with the last status seen. */
    public SqlRestoreStatus awaitStatus(String name, Predicate<SqlRestoreStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        SqlRestoreStatus last = null;
        while (System.nanoTime() < deadline) {
            last = status(name);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(20);
        }
        return fail("SqlRestore " + name + " did not reach the expected status; its last status: " + last);
    }

    public SqlRestoreStatus awaitPhase(String name, String phase) throws InterruptedException {
        return awaitStatus(name, s -> phase.equals(s.phase()));
    }

    /** Answers the list of SqlRestore resources as the API server does when it refuses it. */
    void refuseList(int code, String reason, String message) {
        server.expect().get().withPath(LIST + "?resourceVersion=0")
                .andReturn(code, new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
                        .withReason(reason).withCode(code).withMessage(message).build())
                .always();
    }

    /** Answers the next list of the namespace's pods with a refusal, as a Role without pods list gets. */
    void refuseNextPodsList() {
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods")
                .andReturn(403, new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
                        .withReason("Forbidden").withCode(403).withMessage("pods is forbidden: User \"system:serviceaccount:"
                                + NAMESPACE + ":sqlbackup\" cannot list resource \"pods\"").build())
                .once();
    }

    /**
     * Answers the next status replace of the resource with a conflict, as the API server does when the
     * resource changed since it was read (this mock server itself ignores resourceVersion on status writes).
     */
    void conflictOnNextStatusReplace(String name) {
        server.expect().put().withPath(LIST + "/" + name + "/status")
                .andReturn(409, new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
                        .withReason("Conflict").withCode(409).withMessage("Operation cannot be fulfilled on "
                                + "sqlrestores.sqlbackup.io \"" + name + "\": the object has been modified; please apply "
                                + "your changes to the latest version and try again").build())
                .once();
    }

    /** Answers the next update of a Lease with a server error, as an API server under load can. */
    public void failNextLeaseUpdate(String lease) {
        server.expect().put().withPath("/apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases/" + lease)
                .andReturn(500, new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
                        .withReason("InternalError").withCode(500).withMessage("etcdserver: request timed out").build())
                .once();
    }

    /** Changes a label, as an operator's {@code kubectl label} does. */
    void label(String name, String key, String value) {
        client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(NAMESPACE).withName(name).edit(r -> {
            r.getMetadata().getLabels().put(key, value);
            return r;
        });
    }

    /** Status writes (PUT or PATCH of sqlrestores/NAME/status) the server has answered so far. */
    synchronized int statusWrites() throws InterruptedException {
        for (RecordedRequest r; (r = server.takeRequest(0, TimeUnit.SECONDS)) != null; ) {
            if (!"GET".equals(r.getMethod()) && r.getPath().endsWith("/status")) {
                statusWrites++;
            }
        }
        return statusWrites;
    }

    /** Every status one resource (by uid) shows from now on, in order, as a watch of it reports them. */
    List<SqlRestoreStatus> recordStatuses(String uid) {
        List<SqlRestoreStatus> seen = new CopyOnWriteArrayList<>();
        watches.add(client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                if (uid.equals(resource.getMetadata().getUid())) {
                    seen.add(SqlRestoreStatus.of(resource));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        }));
        return seen;
    }

    void delete(String name) {
        client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(NAMESPACE).withName(name).delete();
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
        client.close();
        server.destroy();
    }
}
