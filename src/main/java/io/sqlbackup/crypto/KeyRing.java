package io.sqlbackup.crypto;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The encryption passphrase, held as bytes and never printed: {@link #toString()} is redacted and
 * no message built here contains it. Read from {@code sqlbackup.key} or the first line of
 * {@code sqlbackup.key-file} (as {@code openssl -pass file:F} reads it).
 */
public final class KeyRing {

    private final byte[] encryptionKey;

    public KeyRing(byte[] encryptionKey) {
        if (encryptionKey == null || encryptionKey.length == 0) {
            throw new ConfigurationException("no encryption key configured: set sqlbackup.key or sqlbackup.key-file "
                    + "(environment SQLBACKUP_KEY or SQLBACKUP_KEY_FILE)", "sqlbackup.key");
        }
        this.encryptionKey = encryptionKey.clone();
    }

    public static KeyRing fromSettings(Settings settings) {
        String inline = settings.get("sqlbackup.key");
        String file = settings.get("sqlbackup.key-file");
        if (inline != null && file != null) {
            throw new ConfigurationException("both sqlbackup.key and sqlbackup.key-file are set: keep one", "sqlbackup.key-file");
        }
        if (inline != null) {
            return new KeyRing(inline.getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            return new KeyRing(readFirstLine(Path.of(file)));
        }
        return new KeyRing(null);
    }

    /** Whether any key source is configured (commands that never decrypt run without one). */
    public static boolean isConfigured(Settings settings) {
        return settings.get("sqlbackup.key") != null || settings.get("sqlbackup.key-file") != null;
    }

    private static byte[] readFirstLine(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the key file " + file + " (" + e.getClass().getSimpleName()
                    + "): check sqlbackup.key-file", "sqlbackup.key-file", e);
        }
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        if (end == 0) {
            throw new ConfigurationException("the key file " + file + " is empty: put the passphrase on its first line",
                    "sqlbackup.key-file");
        }
        return Arrays.copyOf(bytes, end);
    }

    /** The passphrase new archives are encrypted with. */
    byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    @Override
    public String toString() {
        return "KeyRing[1 key, redacted]";
    }
}
