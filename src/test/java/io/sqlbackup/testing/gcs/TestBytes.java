package io.sqlbackup.testing.gcs;

import io.sqlbackup.stream.ReadThroughInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Incompressible test payloads, reproducible from a seed, and streams that fail on purpose. */
public final class TestBytes {

    private TestBytes() {
    }

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Yields {@code bytes} in full, then fails with {@code failure} instead of reporting the end of the stream. */
    public static InputStream failingAfter(byte[] bytes, IOException failure) {
        return new ReadThroughInputStream() {
            private int position;


            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= bytes.length) {
                    throw failure;
                }
                int n = Math.min(len, bytes.length - position);
                System.arraycopy(bytes, position, b, off, n);
                position += n;
                return n;
            }
        };
    }
}
