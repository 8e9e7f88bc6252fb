package io.sqlbackup.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Byte compatibility with the real {@code openssl enc -aes256 -pbkdf2}, in both directions. */
class OpensslCompatibilityTest {

    private static final String KEY = "s3cret key with spaces and ünïcode";

    @TempDir
    Path tmp;

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
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
        try (InputStream in = new OpensslDecryptingInputStream(Files.newInputStream(tmp.resolve("theirs.enc")),
                KEY.getBytes(StandardCharsets.UTF_8), 10000)) {
            assertArrayEquals(data(size), in.readAllBytes());
        }
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
    void wrongKeyIsReportedNotReturnedAsGarbage() throws Exception {
        byte[] plain = data(100_000);
        byte[] enc;
        try (InputStream in = new OpensslEncryptingInputStream(new ByteArrayInputStream(plain), "right".getBytes(), 10000)) {
            enc = in.readAllBytes();
        }
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = new OpensslDecryptingInputStream(new ByteArrayInputStream(enc), "wrong".getBytes(), 10000)) {
                in.readAllBytes();
            }
        });
        assertTrue(e.getCause() instanceof WrongKeyException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().startsWith("wrong key or corrupted archive"), e.getCause().getMessage());
        assertTrue(!e.getCause().getMessage().contains("right") && !e.getCause().getMessage().contains("wrong\""));
    }

    @Test
    void notAnOpensslFileIsRefused() {
        IOException e = assertThrows(IOException.class,
                () -> new OpensslDecryptingInputStream(new ByteArrayInputStream("plain tar bytes".getBytes()), "k".getBytes(), 10000));
        assertTrue(e.getCause() instanceof WrongKeyException);
    }

    @Test
    void keyNeverPrinted() {
        KeyRing ring = new KeyRing("hunter2".getBytes());
        assertEquals("KeyRing[1 key, redacted]", ring.toString());
    }
}
