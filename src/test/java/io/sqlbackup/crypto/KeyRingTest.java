package io.sqlbackup.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import io.sqlbackup.testing.Tools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the keys come from, which one encrypts, and how the key file's lines are read. */
class KeyRingTest {

    @TempDir
    Path tmp;

    private Path keyFile(byte[] content) throws Exception {
        return Files.write(tmp.resolve("keys"), content);
    }

    private static KeyRing ring(Map<String, String> settings) {
        return KeyRing.fromSettings(new Settings(settings));
    }

    @Test
    void inlineKeyIsTheOnlyKey() {
        KeyRing ring = ring(Map.of("sqlbackup.key", "inline passphrase"));
        assertEquals(1, ring.size());
        assertArrayEquals("inline passphrase".getBytes(UTF_8), ring.encryptionKey());
    }

    @Test
    void keyFileFirstLineEncryptsLaterNonEmptyLinesAreOlderKeysNewestFirst() throws Exception {
        Path file = keyFile("current\n\nprevious\ncurrent\nfirst ever\n\n".getBytes(UTF_8));
        KeyRing ring = ring(Map.of("sqlbackup.key-file", file.toString()));
        assertEquals(3, ring.size(), "blank lines skipped, a repeated key counted once");
        assertArrayEquals("current".getBytes(UTF_8), ring.encryptionKey());
        DecryptionCandidates candidates = ring.decryptionCandidates(10000, ExpectedPlaintext.archive);
        assertEquals("pbkdf2 with 10000 iterations, md5, sha256", candidates.derivationsTried());
        assertTrue(candidates.toString().contains("key 1 of 3 (the current key) with pbkdf2 with 10000 iterations key "
                + "derivation; key 1 of 3 (the current key) with md5"), candidates.toString());
        assertTrue(candidates.toString().contains("key 3 of 3 (an older key) with sha256"), candidates.toString());
    }

    @Test
    void withoutAnArchiveCheckOnlyTheCurrentKeyWithPbkdf2IsTried() throws Exception {
        KeyRing ring = ring(Map.of("sqlbackup.key-file", keyFile("new\nold\n".getBytes(UTF_8)).toString()));
        DecryptionCandidates candidates = ring.decryptionCandidates(2000, ExpectedPlaintext.any);
        assertEquals("pbkdf2 with 2000 iterations", candidates.derivationsTried());
        assertEquals("DecryptionCandidates[key 1 of 2 (the current key) with pbkdf2 with 2000 iterations key derivation, "
                + "redacted]", candidates.toString());
    }

    @Test
    void aChangedIterationCountAlsoTriesOpensslsDefault() {
        DecryptionCandidates candidates = ring(Map.of("sqlbackup.key", "k")).decryptionCandidates(50000, ExpectedPlaintext.archive);
        assertEquals("pbkdf2 with 50000 iterations, pbkdf2 with 10000 iterations, md5, sha256", candidates.derivationsTried());
    }

    @Test
    void twoSourcesAreRefusedNotMerged() throws Exception {
        String file = keyFile("k\n".getBytes(UTF_8)).toString();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ring(Map.of("sqlbackup.key", "k", "sqlbackup.key-file", file)));
        assertTrue(e.getMessage().startsWith("sqlbackup.key and sqlbackup.key-file are both set, but the keys come from one "
                + "source: keep one and set the others to an empty value"), e.getMessage());
        assertEquals("sqlbackup.key-file", e.configKey());

        // Refused before any Kubernetes API is contacted (no master URL: it would try the in-cluster one).
        e = assertThrows(ConfigurationException.class,
                () -> ring(Map.of("sqlbackup.key-file", file, "sqlbackup.key-secret", "backup-openssl-key")));
        assertTrue(e.getMessage().startsWith("sqlbackup.key-file and sqlbackup.key-secret are both set"), e.getMessage());
        assertEquals("sqlbackup.key-secret", e.configKey());
    }

    @Test
    void anEmptyValueUnsetsASource() throws Exception {
        String file = keyFile("from file\n".getBytes(UTF_8)).toString();
        KeyRing ring = ring(Map.of("sqlbackup.key", " ", "sqlbackup.key-file", file, "sqlbackup.key-secret", ""));
        assertArrayEquals("from file".getBytes(UTF_8), ring.encryptionKey());
    }

    @Test
    void noSourceSaysWhatToSet() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ring(Map.of()));
        assertEquals("no encryption key configured: set sqlbackup.key, sqlbackup.key-file or sqlbackup.key-secret "
                + "(environment SQLBACKUP_KEY, SQLBACKUP_KEY_FILE or SQLBACKUP_KEY_SECRET)", e.getMessage());
    }

    @Test
    void missingOrEmptyKeyFileIsRefused() throws Exception {
        Path missing = tmp.resolve("nope");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ring(Map.of("sqlbackup.key-file", missing.toString())));
        assertEquals("the key file " + missing + " does not exist: check sqlbackup.key-file", e.getMessage());

        for (String content : new String[] {"", "\n", "\nolder key\n"}) {
            Path file = keyFile(content.getBytes(UTF_8));
            e = assertThrows(ConfigurationException.class, () -> ring(Map.of("sqlbackup.key-file", file.toString())));
            assertTrue(e.getMessage().startsWith("the first line of the key file " + file + " is empty"), e.getMessage());
        }
    }

    /**
     * The first line is what {@code openssl enc -pass file:F} reads: a '\r' before the newline stays
     * in the key, a NUL ends it, and only 1023 bytes count. openssl encrypts with the file; the
     * ring, reading the same file, must open it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"crlf", "nul", "long", "no-newline"})
    void firstLineIsReadExactlyAsOpensslReadsIt(String shape) throws Exception {
        Tools.require("openssl");
        byte[] content = switch (shape) {
            case "crlf" -> "windows key\r\nolder\r\n".getBytes(UTF_8);
            case "nul" -> "before\0after\n".getBytes(UTF_8);
            case "long" -> ("x".repeat(1500) + "\n").getBytes(UTF_8);
            default -> "no newline at the end".getBytes(UTF_8);
        };
        Path file = keyFile(content);
        Files.write(tmp.resolve("plain"), "some plaintext to encrypt".repeat(100).getBytes(UTF_8));
        Tools.shellOk(tmp, "openssl enc -e -aes256 -pbkdf2 -pass file:keys -in plain -out theirs.enc");
        KeyRing ring = ring(Map.of("sqlbackup.key-file", file.toString()));
        try (InputStream in = OpensslDecryptingInputStream.open(Files.newInputStream(tmp.resolve("theirs.enc")),
                ring.decryptionCandidates(10000, ExpectedPlaintext.any))) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("plain")), in.readAllBytes());
        }
        int expectedLength = switch (shape) {
            case "crlf" -> "windows key\r".length();
            case "nul" -> "before".length();
            case "long" -> 1023;
            default -> "no newline at the end".length();
        };
        assertEquals(expectedLength, ring.encryptionKey().length);
    }
}
