package io.sqlbackup.crypto;

import io.sqlbackup.config.KubernetesClients;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sqlbackup.config.ConfigurationException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code sqlbackup.key-secret}: the keys held in a Kubernetes secret, data key {@code key}, one
 * per line as in the key file. Read once when the service starts, so a missing secret or missing
 * permission stops it at once rather than failing the first backup at night.
 *
 * <p>Read with the fabric8 KubernetesClient that camel-kubernetes brings and configures the same
 * way (in-cluster service account or kubeconfig unless a master URL is given), but directly rather
 * than through a {@code kubernetes-secrets:} endpoint: the key ring must exist before the Camel
 * context does (the components autowire it), that producer insists on an explicit namespace, and
 * it would carry the secret through an Exchange body, where tracing, message history or an error
 * handler could print it. Retries are bounded so an unreachable API fails startup in seconds.
 */
final class KubernetesKeySecret {

    /** The data key in the secret that holds the keys. */
    static final String DATA_KEY = "key";

    private final String name;
    private final String namespace;
    private final String masterUrl;

    KubernetesKeySecret(String name, String namespace, String masterUrl) {
        this.name = name;
        this.namespace = namespace;
        this.masterUrl = masterUrl;
    }

    KeyRing read() {
        // the factory removes fabric8's HTTP logging, which would log this client's response: the secret
        try (KubernetesClient client = KubernetesClients.open(masterUrl)) {
            String ns = namespace != null ? namespace : client.getNamespace();
            if (ns == null) {
                throw new ConfigurationException("no Kubernetes namespace is known to read the secret '" + name + "' from: set "
                        + KeyRing.NAMESPACE, KeyRing.NAMESPACE);
            }
            Secret secret = fetch(client, ns);
            if (secret == null) {
                throw new ConfigurationException("the Kubernetes secret '" + name + "' does not exist in namespace '" + ns
                        + "': create it with the keys under data key '" + DATA_KEY + "' (kubectl -n " + ns
                        + " create secret generic " + name + " --from-file=" + DATA_KEY + "=KEYFILE), or fix "
                        + KeyRing.KEY_SECRET + " / " + KeyRing.NAMESPACE, KeyRing.KEY_SECRET);
            }
            return keysOf(secret, ns);
        }
    }

    private Secret fetch(KubernetesClient client, String ns) {
        try {
            return client.secrets().inNamespace(ns).withName(name).get();
        } catch (KubernetesClientException e) {
            throw unreadable(e, ns, client.getMasterUrl().toString());
        }
    }

    private KeyRing keysOf(Secret secret, String ns) {
        String source = "the Kubernetes secret '" + name + "' in namespace '" + ns + "'";
        Map<String, String> data = secret.getData();
        String encoded = data == null ? null : data.get(DATA_KEY);
        if (encoded == null) {
            String present = data == null || data.isEmpty() ? "none" : String.join(", ", new TreeSet<>(data.keySet()));
            throw new ConfigurationException(source + " has no data key '" + DATA_KEY + "' (its data keys: " + present
                    + "): put the keys under '" + DATA_KEY + "', the current one on the first line", KeyRing.KEY_SECRET);
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            // No cause: the decoder's message quotes the offending character.
            throw new ConfigurationException("the data key '" + DATA_KEY + "' of " + source + " is not valid base64: "
                    + "recreate the secret (kubectl create secret generic --from-file does the encoding)", KeyRing.KEY_SECRET);
        }
        try {
            List<byte[]> keys = KeyLines.parse(content, "data key '" + DATA_KEY + "' of " + source, KeyRing.KEY_SECRET);
            return new KeyRing(keys, source, KeyRing.KEY_SECRET);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * What went wrong talking to the API server, for an operator. The API server's status message
     * (who may not read what) is kept; a response that could carry the secret never reaches here.
     */
    private ConfigurationException unreadable(KubernetesClientException e, String ns, String apiUrl) {
        String secret = "the Kubernetes secret '" + name + "' in namespace '" + ns + "'";
        String status = e.getStatus() != null && e.getStatus().getMessage() != null ? ": " + e.getStatus().getMessage() : "";
        // fabric8 reports "no HTTP response at all" as code 0 or -1.
        int code = Math.max(e.getCode(), 0);
        return switch (code) {
            case 403 -> new ConfigurationException("not allowed to read " + secret + " (HTTP 403 Forbidden" + status
                    + "): grant the service account 'get' on secrets named '" + name + "' in '" + ns
                    + "' (a Role and RoleBinding), or fix " + KeyRing.KEY_SECRET + " / " + KeyRing.NAMESPACE,
                    KeyRing.KEY_SECRET, e);
            case 401 -> new ConfigurationException("the Kubernetes API at " + apiUrl + " did not accept the credentials to "
                    + "read " + secret + " (HTTP 401 Unauthorized" + status + "): check the service account token or "
                    + "kubeconfig, or " + KeyRing.MASTER_URL, KeyRing.MASTER_URL, e);
            case 0 -> new ConfigurationException("cannot reach the Kubernetes API at " + apiUrl + " to read " + secret + " ("
                    + transportFailure(e) + "): run in the cluster, or set " + KeyRing.MASTER_URL + " (or a kubeconfig) to "
                    + "a reachable API server", KeyRing.MASTER_URL, transportCause(e));
            default -> new ConfigurationException("the Kubernetes API at " + apiUrl + " refused to read " + secret + " (HTTP "
                    + e.getCode() + status + "): check " + KeyRing.KEY_SECRET + " / " + KeyRing.NAMESPACE + " and the API "
                    + "server", KeyRing.KEY_SECRET, e);
        };
    }

    private static String transportFailure(Throwable e) {
        Throwable root = rootCause(e);
        return root instanceof IOException && root.getMessage() != null
                ? root.getClass().getSimpleName() + ": " + root.getMessage()
                : root.getClass().getSimpleName();
    }

    /** Only a connection-level failure is chained: it happened before any response could carry data. */
    private static Throwable transportCause(KubernetesClientException e) {
        return rootCause(e) instanceof IOException ? e : null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    @Override
    public String toString() {
        return "KubernetesKeySecret[" + name + " in " + (namespace == null ? "the client's namespace" : namespace) + "]";
    }
}
