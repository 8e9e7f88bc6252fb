package io.sqlbackup.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.Settings;
import io.sqlbackup.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte compatibility with the real {@code openssl enc -aes256}, in both directions: what we write
 * opens with {@code openssl enc -d -pbkdf2}; what openssl wrote with {@code -pbkdf2} (any
 * {@code -iter}) or without it ({@code -md sha256}, {@code -md md5}) opens with the key ring,
 * without being told how it was made.
 */
class OpensslCompatibilityTest {

    private static final String KEY = "s3cret key with spaces and ünïcode";

    @TempDir
    Path tmp;

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** A real tar.gz (tar -cz) of a small directory: text that compresses and random bytes that do not. */
    private Path realTarGz(String name, String tarFlags) throws Exception {
        Tools.require("openssl", "tar", "gzip");
        Path dir = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(dir.resolve("metadata"), "Started dump at: 2026-11-24 02:00:00\n");
        Files.writeString(dir.resolve("wiki_01.page.00001.sql"), "INSERT INTO `page` VALUES (1,'Main_Page');\n".repeat(2000));
        Files.write(dir.resolve("random.bin"), data(300_000));
        Tools.shellOk(tmp, "tar " + tarFlags + " -C src . > " + name);
        return tmp.resolve(name);
    }

    private KeyRing ringFromKeyFile(String content) throws IOException {
        Path keyFile = tmp.resolve("keys");
        Files.write(keyFile, content.getBytes(StandardCharsets.UTF_8));
        return KeyRing.fromSettings(new Settings(Map.of("sqlbackup.key-file", keyFile.toString())));
    }

    private static byte[] decryptArchive(byte[] encrypted, KeyRing ring, int iterations) throws IOException {
        try (InputStream in = OpensslDecryptingInputStream.open(new ByteArrayInputStream(encrypted),
                ring.decryptionCandidates(iterations, ExpectedPlaintext.archive))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 65536, 1_000_003})
    void opensslDecryptsWhatWeEncrypt(int size) throws Exception {
        Tools.require("openssl");
        byte[] plain = data(size);
        Path enc = tmp.resolve("ours.enc");
        try (InputStream in = new OpensslEncryptingInputStream(new ByteArrayInputStream(plain), KEY.getBytes(StandardCharsets.UTF_8), 10000)) {
            Files.copy(in, enc);
        }
        Files.writeString(tmp.resolve("key"), KEY + "\n");
        Tools.shellOk(tmp, "openssl enc -d -aes256 -pbkdf2 -pass file:key -in ours.enc -out plain");
        assertArrayEquals(plain, Files.readAllBytes(tmp.resolve("plain")));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 1_000_003})
    void weDecryptWhatOpensslEncrypts(int size) throws Exception {
        Tools.require("openssl");
        Files.write(tmp.resolve("plain"), data(size));
        Files.writeString(tmp.resolve("key"), KEY + "\n");
        Tools.shellOk(tmp, "openssl enc -e -aes256 -pbkdf2 -pass file:key -in plain -out theirs.enc");
        try (InputStream in = OpensslDecryptingInputStream.open(Files.newInputStream(tmp.resolve("theirs.enc")),
                KEY.getBytes(StandardCharsets.UTF_8), 10000)) {
            assertArrayEquals(data(size), in.readAllBytes());
        }
    }

    /**
     * The archives in the bucket: tar -cz piped through openssl enc with -pbkdf2 (default and
     * custom -iter) or, for older ones, without it (sha256 since OpenSSL 1.1, md5 before). The ring
     * is told nothing about how each was made.
     */
    @ParameterizedTest(name = "openssl enc -aes256 {0}")
    @CsvSource({"-pbkdf2, 10000", "-pbkdf2 -iter 1000, 1000", "-md sha256, 10000", "-md md5, 10000"})
    void weDecryptRealTarGzWhicheverWayOpensslDerivedTheKey(String opensslFlags, int configuredIterations) throws Exception {
        Path tarGz = realTarGz("plain.tar.gz", "-cz");
        KeyRing ring = ringFromKeyFile(KEY + "\n");
        Tools.shellOk(tmp, "openssl enc -e -aes256 " + opensslFlags + " -pass file:keys -in plain.tar.gz -out theirs.enc");
        assertArrayEquals(Files.readAllBytes(tarGz), decryptArchive(Files.readAllBytes(tmp.resolve("theirs.enc")), ring,
                configuredIterations));
    }

    @Test
    void zstdAndPlainTarArchivesAreRecognisedToo() throws Exception {
        Tools.require("zstd");
        Path tarZst = realTarGz("plain.tar.zst", "-c --use-compress-program=zstd");
        Path tar = realTarGz("plain.tar", "-c");
        KeyRing ring = ringFromKeyFile(KEY + "\n");
        Tools.shellOk(tmp, "openssl enc -e -aes256 -md md5 -pass file:keys -in plain.tar.zst -out zst.enc"
                + " && openssl enc -e -aes256 -md sha256 -pass file:keys -in plain.tar -out tar.enc");
        assertArrayEquals(Files.readAllBytes(tarZst), decryptArchive(Files.readAllBytes(tmp.resolve("zst.enc")), ring, 10000));
        assertArrayEquals(Files.readAllBytes(tar), decryptArchive(Files.readAllBytes(tmp.resolve("tar.enc")), ring, 10000));
    }

    @ParameterizedTest(name = "made with the older key and openssl enc -aes256 {0}")
    @ValueSource(strings = {"-pbkdf2", "-md md5"})
    void archiveMadeWithAnOlderKeyInTheRingOpens(String opensslFlags) throws Exception {
        Path tarGz = realTarGz("plain.tar.gz", "-cz");
        KeyRing ring = ringFromKeyFile("key of 2026\nkey of 2025\nkey of 2024\n");
        Tools.shellOk(tmp, "openssl enc -e -aes256 " + opensslFlags + " -pass 'pass:key of 2025' -in plain.tar.gz -out old.enc");
        try (OpensslDecryptingInputStream in = OpensslDecryptingInputStream.open(Files.newInputStream(tmp.resolve("old.enc")),
                ring.decryptionCandidates(10000, ExpectedPlaintext.archive))) {
            assertArrayEquals(Files.readAllBytes(tarGz), in.readAllBytes());
            assertTrue(in.openedWithOlderKeyOrDerivation());
            assertTrue(in.openedWith().startsWith("key 2 of 3 (an older key) with "), in.openedWith());
        }
    }

    @Test
    void opensslOpensWhatWeEncryptWithTheFirstLineOfAMultiLineKeyFile() throws Exception {
        Path tarGz = realTarGz("plain.tar.gz", "-cz");
        KeyRing ring = ringFromKeyFile("current key\nolder key\n");
        try (InputStream in = new OpensslEncryptingInputStream(Files.newInputStream(tarGz), ring.encryptionKey(), 10000)) {
            Files.copy(in, tmp.resolve("ours.enc"));
        }
        // The same file, read by openssl: it takes the first line, exactly as the ring does.
        String listing = Tools.shellOk(tmp, "openssl enc -d -aes256 -pbkdf2 -pass file:keys -in ours.enc | tar -tz");
        assertTrue(listing.contains("./wiki_01.page.00001.sql"), listing);
    }

    /** The ring's derivations give the very key and IV that {@code openssl enc -P} prints for the same salt. */
    @ParameterizedTest(name = "openssl enc -aes256 {0} -P")
    @CsvSource({"-md md5, md5", "-md sha256, sha256", "-pbkdf2, pbkdf2 with 10000 iterations",
            "-pbkdf2 -iter 1000, pbkdf2 with 1000 iterations"})
    void derivationsMatchOpensslKeyAndIv(String opensslFlags, String derivationName) throws Exception {
        Tools.require("openssl");
        Files.writeString(tmp.resolve("key"), KEY + "\n");
        String printed = Tools.shellOk(tmp, "openssl enc -e -aes256 " + opensslFlags + " -S 0102030405060708 -P -pass file:key 2>/dev/null");
        KeyDerivation derivation = Arrays.asList(KeyDerivation.EVP_BYTES_TO_KEY_MD5, KeyDerivation.EVP_BYTES_TO_KEY_SHA256,
                KeyDerivation.pbkdf2Sha256(10000), KeyDerivation.pbkdf2Sha256(1000)).stream()
                .filter(d -> d.describe().equals(derivationName)).findFirst().orElseThrow();
        byte[] keyAndIv = derivation.keyAndIv(KEY.getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex("0102030405060708"));
        String hex = HexFormat.of().withUpperCase().formatHex(keyAndIv);
        assertTrue(printed.contains("key=" + hex.substring(0, 64)), printed);
        assertTrue(printed.contains("iv =" + hex.substring(64)), printed);
    }

    @Test
    void customIterationCountMatchesOpensslIter() throws Exception {
        Tools.require("openssl");
        byte[] plain = data(4096);
        Path enc = tmp.resolve("ours.enc");
        try (InputStream in = new OpensslEncryptingInputStream(new ByteArrayInputStream(plain), "k".getBytes(), 2000)) {
            Files.copy(in, enc);
        }
        Tools.shellOk(tmp, "openssl enc -d -aes256 -pbkdf2 -iter 2000 -pass pass:k -in ours.enc -out plain");
        assertArrayEquals(plain, Files.readAllBytes(tmp.resolve("plain")));
    }

    @Test
    void archiveNoConfiguredKeyOpensIsRefusedBeforeAnyByteIsReturned() throws Exception {
        realTarGz("plain.tar.gz", "-cz");
        KeyRing ring = ringFromKeyFile("current key\nolder key\n");
        Tools.shellOk(tmp, "openssl enc -e -aes256 -md md5 -pass pass:a-key-nobody-kept -in plain.tar.gz -out lost.enc");
        IOException e = assertThrows(IOException.class, () -> OpensslDecryptingInputStream.open(
                Files.newInputStream(tmp.resolve("lost.enc")), ring.decryptionCandidates(10000, ExpectedPlaintext.archive)));
        WrongKeyException wrong = assertInstanceOf(WrongKeyException.class, e.getCause());
        assertTrue(wrong.getMessage().startsWith("wrong key or corrupted archive: none of the 2 configured keys decrypts it "
                + "(tried pbkdf2 with 10000 iterations, md5, sha256; keys from the key file "), wrong.getMessage());
        assertEquals("sqlbackup.key-file", wrong.configKey());
    }

    @Test
    void aChangedIterationCountStillOpensArchivesMadeWithOpensslsDefault() throws Exception {
        Path tarGz = realTarGz("plain.tar.gz", "-cz");
        KeyRing ring = ringFromKeyFile(KEY + "\n");
        Tools.shellOk(tmp, "openssl enc -e -aes256 -pbkdf2 -pass file:keys -in plain.tar.gz -out default-iter.enc");
        assertArrayEquals(Files.readAllBytes(tarGz), decryptArchive(Files.readAllBytes(tmp.resolve("default-iter.enc")), ring, 50000));
    }

    @Test
    void wrongKeyWithoutAnArchiveCheckFailsOnThePaddingNotWithGarbage() throws Exception {
        Tools.require("openssl");
        Files.write(tmp.resolve("plain"), data(100_000));
        // A fixed salt fixes the outcome: for about one salt in 256 a wrong key ends in valid-looking padding,
        // which is why archives are opened with the start check (expect=archive) instead. With -S openssl
        // leaves out the Salted__ header it writes for a random salt, so it is put in front here.
        Tools.shellOk(tmp, "{ printf 'Salted__\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08'; openssl enc -e -aes256 -pbkdf2 "
                + "-S 0102030405060708 -pass pass:right -in plain; } > enc");
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = OpensslDecryptingInputStream.open(Files.newInputStream(tmp.resolve("enc")),
                    "wrong".getBytes(), 10000)) {
                in.readAllBytes();
            }
        });
        WrongKeyException wrong = assertInstanceOf(WrongKeyException.class, e.getCause());
        assertEquals("wrong key or corrupted archive: the decrypted data does not end with valid padding, so it is "
                + "truncated at a block boundary or damaged (compare it with its .sha256), or the key is wrong (check "
                + "sqlbackup.key)", wrong.getMessage());
    }

    @Test
    void truncatedArchiveFailsClearlyInsteadOfEndingEarly() throws Exception {
        Path tarGz = realTarGz("plain.tar.gz", "-cz");
        KeyRing ring = ringFromKeyFile(KEY + "\n");
        Tools.shellOk(tmp, "openssl enc -e -aes256 -pbkdf2 -pass file:keys -in plain.tar.gz -out full.enc");
        byte[] full = Files.readAllBytes(tmp.resolve("full.enc"));

        // Cut inside a block: the length itself shows the archive is short.
        byte[] cut = Arrays.copyOf(full, full.length - 5);
        IOException e = assertThrows(IOException.class, () -> decryptArchive(cut, ring, 10000));
        DamagedArchiveException damaged = assertInstanceOf(DamagedArchiveException.class, e.getCause());
        assertEquals("the archive is truncated: " + cut.length + " bytes is not openssl's 16-byte header followed by whole "
                + "16-byte AES blocks; the upload or download was cut short: compare it with its .sha256 and take or fetch "
                + "it again", damaged.getMessage());

        // Cut at a block boundary: only the missing padding at the end can tell.
        byte[] cutAtBlock = Arrays.copyOf(full, full.length - 16);
        e = assertThrows(IOException.class, () -> decryptArchive(cutAtBlock, ring, 10000));
        WrongKeyException wrong = assertInstanceOf(WrongKeyException.class, e.getCause());
        assertTrue(wrong.getMessage().startsWith("wrong key or corrupted archive: the decrypted data does not end with valid "
                + "padding"), wrong.getMessage());

        // Cut inside the header or right after it.
        for (int length : new int[] {0, 10, 16, 20}) {
            byte[] stub = Arrays.copyOf(full, length);
            e = assertThrows(IOException.class, () -> decryptArchive(stub, ring, 10000), "length " + length);
            assertInstanceOf(DamagedArchiveException.class, e.getCause(), "length " + length);
        }
        assertTrue(Files.size(tarGz) > 0);
    }

    @Test
    void notAnOpensslFileIsRefused() {
        IOException e = assertThrows(IOException.class,
                () -> OpensslDecryptingInputStream.open(new ByteArrayInputStream("plain tar bytes".getBytes()), "k".getBytes(), 10000));
        assertInstanceOf(DamagedArchiveException.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("the archive does not start with openssl's Salted__ header"));
    }

    @Test
    void keyNeverPrinted() {
        KeyRing ring = new KeyRing("hunter2".getBytes());
        assertEquals("KeyRing[1 key from sqlbackup.key, redacted]", ring.toString());
    }
}
