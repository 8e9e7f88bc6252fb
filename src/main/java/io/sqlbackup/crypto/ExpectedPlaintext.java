package io.sqlbackup.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What the decrypted stream should start with, so that the right key (and key derivation) can be
 * recognised from the first blocks instead of from the padding at the very end. Where several keys
 * and derivations are possible, trying each on the first blocks is the only way to pick one before
 * anything is handed on: CBC lets the first blocks be decrypted on their own.
 */
public enum ExpectedPlaintext {
    /**
     * A compressed or plain tar archive: gzip ({@code 1f 8b 08}), zstd ({@code 28 b5 2f fd}) or a
     * tar header with a valid checksum. Every key in the ring is tried with every derivation.
     */
    archive(TarHeader.LENGTH) {
        @Override
        boolean plausible(byte[] plain, int length) {
            return isGzip(plain, length) || isZstd(plain, length) || TarHeader.isValid(plain, length);
        }
    },
    /**
     * Anything: no check is possible, so only the current key with PBKDF2 is used, and a wrong key
     * shows up as bad padding at the end of the stream.
     */
    any(0) {
        @Override
        boolean plausible(byte[] plain, int length) {
            return true;
        }
    };

    private final int probeLength;

    ExpectedPlaintext(int probeLength) {
        this.probeLength = probeLength;
    }

    /** How many plaintext bytes the check looks at (at most). */
    int probeLength() {
        return probeLength;
    }

    /** Whether the first {@code length} decrypted bytes can be the start of what is expected. */
    abstract boolean plausible(byte[] plain, int length);

    private static boolean isGzip(byte[] b, int length) {
        // RFC 1952: ID1 ID2, CM = 8 (deflate), FLG with the reserved bits 5-7 clear.
        return length >= 4 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b && b[2] == 8 && (b[3] & 0xe0) == 0;
    }

    private static boolean isZstd(byte[] b, int length) {
        return length >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd;
    }

    /** The first 512-byte header of a tar (v7, ustar, pax or GNU): its checksum field must match. */
    static final class TarHeader {
        static final int LENGTH = 512;
        private static final int CHECKSUM_OFFSET = 148;
        private static final int CHECKSUM_LENGTH = 8;

        private TarHeader() {
        }

        static boolean isValid(byte[] b, int length) {
            if (length < LENGTH || b[0] == 0) {
                return false;
            }
            long stored = parseOctal(b);
            if (stored < 0) {
                return false;
            }
            // The checksum is the sum of the header's bytes with the checksum field counted as spaces;
            // old tars summed signed bytes, so either sum is accepted, as tar itself does.
            long unsigned = 0;
            long signed = 0;
            for (int i = 0; i < LENGTH; i++) {
                int v = i >= CHECKSUM_OFFSET && i < CHECKSUM_OFFSET + CHECKSUM_LENGTH ? ' ' : b[i];
                unsigned += v & 0xff;
                signed += v;
            }
            return stored == unsigned || stored == signed;
        }

        private static long parseOctal(byte[] b) {
            String field = new String(b, CHECKSUM_OFFSET, CHECKSUM_LENGTH, StandardCharsets.US_ASCII);
            int end = 0;
            String trimmed = field.stripLeading();
            while (end < trimmed.length() && trimmed.charAt(end) >= '0' && trimmed.charAt(end) <= '7') {
                end++;
            }
            if (end == 0) {
                return -1;
            }
            String rest = trimmed.substring(end);
            for (int i = 0; i < rest.length(); i++) {
                if (rest.charAt(i) != ' ' && rest.charAt(i) != '\0') {
                    return -1;
                }
            }
            return Long.parseLong(trimmed.substring(0, end), 8);
        }
    }
}
