package io.sqlbackup.crypto;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * The keys and derivations to try on one archive, newest key first, and the choice among them:
 * the first whose first decrypted blocks look like what the caller expects. Trying costs one key
 * derivation and at most 32 AES blocks per candidate, before a single byte is handed on.
 */
final class DecryptionCandidates {

    private final List<DecryptionCandidate> candidates;
    private final int keyCount;
    private final String keySource;
    private final String configKey;
    private final ExpectedPlaintext expected;

    DecryptionCandidates(List<DecryptionCandidate> candidates, int keyCount, String keySource, String configKey,
            ExpectedPlaintext expected) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no decryption candidates");
        }
        this.candidates = List.copyOf(candidates);
        this.keyCount = keyCount;
        this.keySource = keySource;
        this.configKey = configKey;
        this.expected = expected;
    }

    ExpectedPlaintext expected() {
        return expected;
    }

    /** The configuration key an operator fixes when no candidate fits. */
    String configKey() {
        return configKey;
    }

    /**
     * The first candidate under which the first {@code length} bytes of ciphertext (whole blocks)
     * decrypt to a plausible start; with {@link ExpectedPlaintext#any} simply the first.
     */
    DecryptionCandidate choose(byte[] salt, byte[] ciphertext, int length) {
        if (expected == ExpectedPlaintext.any) {
            return candidates.get(0);
        }
        byte[] plain = new byte[length];
        for (DecryptionCandidate candidate : candidates) {
            byte[] keyAndIv = candidate.keyAndIv(salt);
            try {
                Cipher cipher = OpensslFormat.cipher(OpensslFormat.CIPHER_UNPADDED, Cipher.DECRYPT_MODE, keyAndIv);
                int n = cipher.update(ciphertext, 0, length, plain, 0);
                if (expected.plausible(plain, n)) {
                    return candidate;
                }
            } catch (ShortBufferException e) {
                throw new IllegalStateException("probe buffer too small", e);
            } finally {
                java.util.Arrays.fill(keyAndIv, (byte) 0);
                java.util.Arrays.fill(plain, (byte) 0);
            }
        }
        throw new WrongKeyException("wrong key or corrupted archive: none of the " + keyCount + " configured "
                + (keyCount == 1 ? "key" : "keys") + " decrypts it (tried " + derivationsTried() + "; keys from "
                + keySource + "). If it was made with a key no longer in the ring, add that key as an older key (a line "
                + "after the first of the key file or of the secret's data key 'key'); otherwise the archive is damaged "
                + "(compare it with its .sha256)", configKey);
    }

    /** "pbkdf2 with 10000 iterations, md5, sha256": the derivations in the order they were tried. */
    String derivationsTried() {
        Set<String> names = new LinkedHashSet<>();
        for (DecryptionCandidate c : candidates) {
            names.add(c.derivation().describe());
        }
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        return "DecryptionCandidates[" + candidates.stream().map(DecryptionCandidate::describe)
                .collect(Collectors.joining("; ")) + ", redacted]";
    }
}
