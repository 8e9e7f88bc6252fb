package io.sqlbackup.bucket;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An object's bytes as they are downloaded, checked at the end against the SHA-256 recorded when
 * it was written: damage in the bucket or on the way fails the reader at the end of the object
 * instead of passing unnoticed. Readers must read to the end for the check to run.
 */
final class ObjectDigestStream extends FilterInputStream {

    private final String name;
    private final String expected;
    private final MessageDigest digest;
    private long size;
    private boolean checked;

    ObjectDigestStream(InputStream in, String name, String expectedSha256) {
        super(in);
        this.name = name;
        this.expected = expectedSha256;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            size += n;
        } else if (n < 0) {
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be digested.
        byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IOException(new ObjectDamagedException("the object " + name + " is damaged: its " + size
                    + " bytes have SHA-256 " + actual + " but " + expected + " was recorded when it was written;"
                    + " use another backup"));
        }
    }
}
