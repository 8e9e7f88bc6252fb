package io.sqlbackup.crypto;

import io.sqlbackup.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** {@code sqlbackup.key-file}: the current key on the first line (as {@code openssl -pass file:F}), older keys after it. */
final class KeyFile {

    private KeyFile() {
    }

    static KeyRing read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("the key file " + file + " does not exist: check " + KeyRing.KEY_FILE,
                    KeyRing.KEY_FILE);
        } catch (IOException e) {
            // The exception's own message is only a path or an OS error, never file content.
            throw new ConfigurationException("cannot read the key file " + file + " (" + e.getClass().getSimpleName()
                    + "): check " + KeyRing.KEY_FILE + " and the file's permissions", KeyRing.KEY_FILE, e);
        }
        try {
            String source = "the key file " + file;
            List<byte[]> keys = KeyLines.parse(content, source, KeyRing.KEY_FILE);
            return new KeyRing(keys, source, KeyRing.KEY_FILE);
        } finally {
            java.util.Arrays.fill(content, (byte) 0);
        }
    }
}
