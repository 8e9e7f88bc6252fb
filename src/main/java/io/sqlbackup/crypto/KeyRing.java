package io.sqlbackup.crypto;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passphrases, newest first: the first encrypts new archives, all of them decrypt (so a key
 * can be rotated without losing the archives made before). Held as bytes and never printed:
 * {@link #toString()} is redacted and no message built here or in the sources contains a key.
 *
 * <p>Exactly one source is configured: {@code sqlbackup.key} (one passphrase),
 * {@code sqlbackup.key-file} (a file) or {@code sqlbackup.key-secret} (a Kubernetes secret, data
 * key {@code key}); file and secret hold the current key on the first line and older keys on the
 * lines after it. Two sources at once are refused rather than merged: which key encrypts must
 * never depend on a precedence rule an operator has to remember.
 */
public final class KeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    static final String KEY = "sqlbackup.key";
    static final String KEY_FILE = "sqlbackup.key-file";
    static final String KEY_SECRET = "sqlbackup.key-secret";
    static final String NAMESPACE = io.sqlbackup.config.KubernetesClients.NAMESPACE;
    static final String MASTER_URL = io.sqlbackup.config.KubernetesClients.MASTER_URL;

    /** openssl's PBKDF2 iterations when -iter is not given: what the nightly scripts used. */
    static final int OPENSSL_DEFAULT_ITERATIONS = 10000;

    private final List<byte[]> keys;
    private final String source;
    private final String configKey;

    /** A ring of one passphrase, as given by {@code sqlbackup.key}. */
    public KeyRing(byte[] encryptionKey) {
        this(encryptionKey == null ? List.of() : List.of(encryptionKey), KEY, KEY);
    }

    KeyRing(List<byte[]> keys, String source, String configKey) {
        if (keys.isEmpty() || keys.get(0) == null || keys.get(0).length == 0) {
            throw new ConfigurationException("no encryption key configured: set " + KEY + ", " + KEY_FILE + " or "
                    + KEY_SECRET + " (environment " + Settings.environmentName(KEY) + ", "
                    + Settings.environmentName(KEY_FILE) + " or " + Settings.environmentName(KEY_SECRET) + ")", KEY);
        }
        List<byte[]> copy = new ArrayList<>(keys.size());
        keys.forEach(k -> copy.add(k.clone()));
        this.keys = List.copyOf(copy);
        this.source = source;
        this.configKey = configKey;
    }

    /** Reads the keys from the one configured source; the Kubernetes secret is read now, once. */
    public static KeyRing fromSettings(Settings settings) {
        String inline = settings.get(KEY);
        String file = settings.get(KEY_FILE);
        String secret = settings.get(KEY_SECRET);
        List<String> set = Stream.of(inline != null ? KEY : null, file != null ? KEY_FILE : null,
                secret != null ? KEY_SECRET : null).filter(k -> k != null).toList();
        if (set.size() > 1) {
            throw new ConfigurationException(String.join(" and ", set) + (set.size() == 2 ? " are both" : " are all")
                    + " set, but the keys come from one "
                    + "source: keep one and set the others to an empty value; to keep older keys for decrypting old "
                    + "archives, put them on the lines after the first in the key file or the secret",
                    set.get(set.size() - 1));
        }
        KeyRing ring;
        if (inline != null) {
            ring = new KeyRing(List.of(inline.getBytes(StandardCharsets.UTF_8)), KEY, KEY);
        } else if (file != null) {
            ring = KeyFile.read(Path.of(file));
        } else if (secret != null) {
            ring = new KubernetesKeySecret(secret, settings.get(NAMESPACE), settings.get(MASTER_URL)).read();
        } else {
            ring = new KeyRing((byte[]) null);
        }
        LOG.info("Encryption keys: {} from {}; the first encrypts new archives", ring.keys.size() == 1 ? "1 key"
                : ring.keys.size() + " keys (newest first)", ring.source);
        return ring;
    }

    /** Whether any key source is configured (commands that never decrypt run without one). */
    public static boolean isConfigured(Settings settings) {
        return settings.get(KEY) != null || settings.get(KEY_FILE) != null || settings.get(KEY_SECRET) != null;
    }

    /** The passphrase new archives are encrypted with; the caller wipes the copy. */
    byte[] encryptionKey() {
        return keys.get(0).clone();
    }

    /** How many keys the ring holds (the current one and older ones). */
    public int size() {
        return keys.size();
    }

    /** Where the keys came from, e.g. "the key file /etc/sqlbackup/key" (never a key). */
    public String source() {
        return source;
    }

    /**
     * What to try on an archive, newest key first. When the start of the plaintext can be checked,
     * every key with every derivation openssl enc may have used (PBKDF2 with the configured
     * iterations and, if different, openssl's default; then the legacy md5 and sha256); when it
     * cannot, only the current key with PBKDF2, since nothing could tell the others apart.
     */
    DecryptionCandidates decryptionCandidates(int iterations, ExpectedPlaintext expected) {
        List<KeyDerivation> derivations = new ArrayList<>();
        derivations.add(KeyDerivation.pbkdf2Sha256(iterations));
        List<DecryptionCandidate> candidates = new ArrayList<>();
        if (expected == ExpectedPlaintext.any) {
            candidates.add(new DecryptionCandidate(1, keys.size(), keys.get(0), derivations.get(0)));
        } else {
            if (iterations != OPENSSL_DEFAULT_ITERATIONS) {
                derivations.add(KeyDerivation.pbkdf2Sha256(OPENSSL_DEFAULT_ITERATIONS));
            }
            derivations.add(KeyDerivation.EVP_BYTES_TO_KEY_MD5);
            derivations.add(KeyDerivation.EVP_BYTES_TO_KEY_SHA256);
            for (int i = 0; i < keys.size(); i++) {
                for (KeyDerivation derivation : derivations) {
                    candidates.add(new DecryptionCandidate(i + 1, keys.size(), keys.get(i), derivation));
                }
            }
        }
        return new DecryptionCandidates(candidates, expected == ExpectedPlaintext.any ? 1 : keys.size(), source,
                configKey, expected);
    }

    @Override
    public String toString() {
        return "KeyRing[" + (keys.size() == 1 ? "1 key" : keys.size() + " keys") + " from " + source + ", redacted]";
    }
}
