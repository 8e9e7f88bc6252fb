package io.sqlbackup.restore.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;

/** Writes the status subresource of SqlRestore resources; nothing else of a resource is ever changed. */
final class SqlRestoreStatusWriter {

    /** The status field naming the pod (or process) that runs the restore. */
    static final String HOLDER = "holder";

    private final KubernetesClient client;
    private final String namespace;
    private final String holder;

    /** @param holder this process's name (its pod's), written into every status it writes */
    SqlRestoreStatusWriter(KubernetesClient client, String namespace, String holder) {
        this.client = client;
        this.namespace = namespace;
        this.holder = holder;
    }

    /** The status as written: what the queue says, and who says it. */
    private Map<String, Object> written(SqlRestoreStatus status) {
        Map<String, Object> map = status.toMap();
        map.put(HOLDER, holder);
        return map;
    }

    /** The process that last wrote the resource's status, or null. */
    static String holderOf(GenericKubernetesResource resource) {
        return resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status && status.get(HOLDER) != null
                ? status.get(HOLDER).toString() : null;
    }

    /**
     * Replaces the status of the resource as it was seen, on condition that it has not changed since
     * (its resourceVersion): a decision taken on what the resource said (run it, refuse it, mark it
     * interrupted) is only recorded if it still says that. A conflict comes back as HTTP 409.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses
     */
    void replace(GenericKubernetesResource seen, SqlRestoreStatus status) {
        // A copy: the informer's cached object is shared and must stay as the API server sent it.
        GenericKubernetesResource copy = client.getKubernetesSerialization().clone(seen);
        copy.getAdditionalProperties().put("status", written(status));
        client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(namespace).resource(copy).updateStatus();
    }

    /**
     * Sets the resource's whole status, whatever its resourceVersion: once sqlbackup has taken a resource
     * on, it is the only writer of its status. A JSON patch whose "add" sets the whole status (it replaces
     * a member that exists) rather than a merge patch: nothing of the status written before is left
     * behind (a merge patch keeps the fields a new status leaves out, and fabric8's mock API server, which
     * the tests use, even appends to lists under one).
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses
     */
    void overwrite(String name, SqlRestoreStatus status) {
        String patch = client.getKubernetesSerialization().asJson(
                List.of(Map.of("op", "add", "path", "/status", "value", written(status))));
        client.genericKubernetesResources(SqlRestoreKind.CONTEXT).inNamespace(namespace).withName(name)
                .subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    }
}
