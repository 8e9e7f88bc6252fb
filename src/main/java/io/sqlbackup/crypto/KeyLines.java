package io.sqlbackup.crypto;

import io.sqlbackup.config.ConfigurationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-key-per-line format of the key file and of the Kubernetes secret: the first line is the
 * current key, read exactly as {@code openssl enc -pass file:F} reads it, so the old scripts and
 * sqlbackup derive the same passphrase from the same file; further non-empty lines are older keys,
 * newest first, kept to decrypt older archives.
 */
final class KeyLines {

    private static final Logger LOG = LoggerFactory.getLogger(KeyLines.class);

    /** openssl reads the line into a 1024-byte buffer: it keeps at most 1023 bytes. */
    static final int OPENSSL_MAX_LENGTH = 1023;

    private KeyLines() {
    }

    /**
     * The keys, newest first. Like openssl: a line ends at '\n' only (a '\r' before it stays part of
     * the key), and at the first NUL byte. {@code source} names where the bytes came from in messages.
     */
    static List<byte[]> parse(byte[] content, String source, String configKey) {
        List<byte[]> keys = new ArrayList<>();
        int start = 0;
        int lineNumber = 1;
        while (start <= content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            if (start == end && end == content.length && lineNumber > 1) {
                break; // the newline that ends the last line
            }
            byte[] key = asOpensslReadsIt(content, start, end, lineNumber, source);
            if (key.length == 0 && lineNumber == 1) {
                throw new ConfigurationException("the first line of " + source + " is empty: put the current passphrase on "
                        + "it (openssl -pass file: reads the first line), older keys on the lines after it", configKey);
            }
            if (key.length > 0 && keys.stream().noneMatch(k -> Arrays.equals(k, key))) {
                keys.add(key);
            }
            start = end + 1;
            lineNumber++;
        }
        return keys;
    }

    private static byte[] asOpensslReadsIt(byte[] content, int start, int end, int lineNumber, String source) {
        int stop = start;
        while (stop < end && content[stop] != 0) {
            stop++;
        }
        if (stop < end) {
            LOG.warn("line {} of {} holds a NUL byte: like openssl, sqlbackup uses only the bytes before it", lineNumber, source);
        }
        if (stop - start > OPENSSL_MAX_LENGTH) {
            LOG.warn("line {} of {} is longer than {} bytes: like openssl -pass file:, sqlbackup uses only the first {}",
                    lineNumber, source, OPENSSL_MAX_LENGTH, OPENSSL_MAX_LENGTH);
            stop = start + OPENSSL_MAX_LENGTH;
        }
        if (stop > start && content[stop - 1] == '\r') {
            LOG.warn("line {} of {} ends with a carriage return (a Windows line ending): openssl -pass file: keeps it as "
                    + "part of the passphrase, and so does sqlbackup", lineNumber, source);
        }
        return Arrays.copyOfRange(content, start, stop);
    }
}
