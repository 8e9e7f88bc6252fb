package io.sqlbackup.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code sqlbackup.key-secret}: keys read from a Kubernetes secret through a real Kubernetes API over HTTP. */
class KubernetesKeySecretTest {

    private static KubernetesApi api;

    @BeforeAll
    static void startApi() {
        api = new KubernetesApi();
    }

    @AfterAll
    static void stopApi() {
        // Each test names its own secret in sqlbackup.key-secret: one get by name is all the Role allows.
        var calls = api.serviceCalls();
        org.junit.jupiter.api.Assertions.assertTrue(calls.contains(
                new io.sqlbackup.testing.ApiCallRecorder.ApiCall("get", "", "secrets", "backup-openssl-key")), calls.toString());
        io.sqlbackup.k8s.OpsContract.assertGranted(calls, name -> true);
        api.close();
    }

    private static String message(Throwable e) {
        return e.getMessage();
    }

    @Test
    void readsTheKeyFromTheSecretsDataKeyKey() {
        api.putSecret(KubernetesApi.NAMESPACE, "backup-openssl-key", Map.of("key", "current passphrase\n".getBytes(UTF_8)));
        KeyRing ring = KeyRing.fromSettings(api.settingsFor("backup-openssl-key", KubernetesApi.NAMESPACE));
        assertEquals(1, ring.size());
        assertArrayEquals("current passphrase".getBytes(UTF_8), ring.encryptionKey());
        assertEquals("the Kubernetes secret 'backup-openssl-key' in namespace 'backups'", ring.source());
    }

    @Test
    void furtherLinesAreOlderKeysThatStillDecrypt() throws Exception {
        api.putSecret(KubernetesApi.NAMESPACE, "rotated", Map.of("key", "key-2026\n\nkey-2025\nkey-2024\n".getBytes(UTF_8)));
        KeyRing ring = KeyRing.fromSettings(api.settingsFor("rotated", KubernetesApi.NAMESPACE));
        assertEquals(3, ring.size());
        assertArrayEquals("key-2026".getBytes(UTF_8), ring.encryptionKey(), "the first line encrypts");

        byte[] gzipLike = gzipLikeData();
        byte[] oldArchive;
        try (InputStream in = new OpensslEncryptingInputStream(new ByteArrayInputStream(gzipLike), "key-2024".getBytes(UTF_8), 10000)) {
            oldArchive = in.readAllBytes();
        }
        try (OpensslDecryptingInputStream in = OpensslDecryptingInputStream.open(new ByteArrayInputStream(oldArchive),
                ring.decryptionCandidates(10000, ExpectedPlaintext.archive))) {
            assertArrayEquals(gzipLike, in.readAllBytes());
            assertTrue(in.openedWith().startsWith("key 3 of 3 (an older key)"), in.openedWith());
        }
    }

    @Test
    void namespaceDefaultsToTheClientsOwn() {
        api.putSecret("team-ns", "backup-openssl-key", Map.of("key", "k-from-default-ns".getBytes(UTF_8)));
        // Where the pod's namespace file or kubeconfig would say it; the client also honours this property.
        String previous = System.setProperty("kubernetes.namespace", "team-ns");
        try {
            KeyRing ring = KeyRing.fromSettings(api.settingsFor("backup-openssl-key", null));
            assertArrayEquals("k-from-default-ns".getBytes(UTF_8), ring.encryptionKey());
        } finally {
            if (previous == null) {
                System.clearProperty("kubernetes.namespace");
            } else {
                System.setProperty("kubernetes.namespace", previous);
            }
        }
    }

    @Test
    void missingSecretNamesSecretNamespaceAndWhatToSet() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyRing.fromSettings(api.settingsFor("no-such-secret", KubernetesApi.NAMESPACE)));
        assertTrue(message(e).startsWith("the Kubernetes secret 'no-such-secret' does not exist in namespace 'backups'"), message(e));
        assertTrue(message(e).contains("data key 'key'"), message(e));
        assertEquals("sqlbackup.key-secret", e.configKey());
    }

    @Test
    void secretWithoutDataKeyKeyIsRefused() {
        api.putSecret(KubernetesApi.NAMESPACE, "wrong-shape", Map.of("passphrase", "x".getBytes(UTF_8), "iv", "y".getBytes(UTF_8)));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyRing.fromSettings(api.settingsFor("wrong-shape", KubernetesApi.NAMESPACE)));
        assertEquals("the Kubernetes secret 'wrong-shape' in namespace 'backups' has no data key 'key' (its data keys: iv, "
                + "passphrase): put the keys under 'key', the current one on the first line", message(e));
        assertEquals("sqlbackup.key-secret", e.configKey());
    }

    @Test
    void emptyFirstLineInTheSecretIsRefused() {
        api.putSecret(KubernetesApi.NAMESPACE, "blank-first", Map.of("key", "\nolder\n".getBytes(UTF_8)));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyRing.fromSettings(api.settingsFor("blank-first", KubernetesApi.NAMESPACE)));
        assertTrue(message(e).startsWith("the first line of data key 'key' of the Kubernetes secret 'blank-first' in "
                + "namespace 'backups' is empty"), message(e));
    }

    @Test
    void forbiddenByRbacSaysWhatToGrant() {
        api.forbid(KubernetesApi.NAMESPACE, "locked");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyRing.fromSettings(api.settingsFor("locked", KubernetesApi.NAMESPACE)));
        assertTrue(message(e).startsWith("not allowed to read the Kubernetes secret 'locked' in namespace 'backups' "
                + "(HTTP 403 Forbidden: secrets \"locked\" is forbidden: User \"system:serviceaccount:backups:sqlbackup\""),
                message(e));
        assertTrue(message(e).contains("grant the service account 'get' on secrets named 'locked' in 'backups'"), message(e));
        assertEquals("sqlbackup.key-secret", e.configKey());
    }

    @Test
    void unreachableApiFailsWithTheUrlToFix() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Settings settings = new Settings(Map.of("sqlbackup.key-secret", "backup-openssl-key",
                "sqlbackup.kubernetes.namespace", "backups",
                "sqlbackup.kubernetes.master-url", "http://127.0.0.1:" + closedPort + "/"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> KeyRing.fromSettings(settings));
        assertTrue(message(e).startsWith("cannot reach the Kubernetes API at http://127.0.0.1:" + closedPort
                + "/ to read the Kubernetes secret 'backup-openssl-key' in namespace 'backups'"), message(e));
        assertEquals("sqlbackup.kubernetes.master-url", e.configKey());
    }

    /** Bytes that start like a gzip stream, so the archive check accepts the right key. */
    private static byte[] gzipLikeData() {
        byte[] b = new byte[50_000];
        new Random(7).nextBytes(b);
        b[0] = 0x1f;
        b[1] = (byte) 0x8b;
        b[2] = 8;
        b[3] = 0;
        return b;
    }
}
